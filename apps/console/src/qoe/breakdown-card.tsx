'use client';

import type { TQoeDimension, TQoeFilters, TQoeMetric } from '@keten/contracts';
import { Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { DIMENSION_LABELS, dimensionValueLabel, formatMetric, METRIC_INFO } from './qoe-format';
import { Sparkline } from './sparkline';
import type { TQoeBreakdownRow } from './types';
import { useBoxModelNames } from './use-box-model-names';
import { useChannelNames } from './use-channel-names';
import { useFirmwareLabels } from './use-firmware-labels';

/**
 * One dimension's rows (a MetricLens): each with its sample and a sparkline of the charted metric. Clicking a row
 * adds it to the filters, so the whole page drills down to it.
 */
export function BreakdownCard({
  dimension,
  range,
  filters,
  sparklineMetric,
  channelNames,
  onDrill,
}: {
  dimension: TQoeDimension;
  range: { from: Date; to: Date };
  filters: TQoeFilters;
  sparklineMetric: TQoeMetric;
  channelNames: ReadonlyMap<string, string>;
  onDrill: (dimension: TQoeDimension, value: string) => void;
}) {
  const trpc = useTRPC();
  const breakdown = useQuery({
    ...trpc.qoe.breakdown.queryOptions({ ...range, filters, dimension, sparklineMetric, limit: 25 }),
    placeholderData: keepPreviousData,
  });
  const ownNames = useChannelNames(
    dimension === 'channelId' ? (breakdown.data?.rows ?? []).map((row) => row.value) : [],
  );
  const names = dimension === 'channelId' ? new Map([...channelNames, ...ownNames]) : channelNames;
  const modelNames = useBoxModelNames();
  const firmwareLabels = useFirmwareLabels(
    dimension === 'firmware' ? (breakdown.data?.rows ?? []).map((row) => row.value) : [],
  );
  const title = `By ${DIMENSION_LABELS[dimension].toLowerCase()}`;
  const active = new Set(filters[dimension] ?? []);
  const label = (value: string) => dimensionValueLabel(dimension, value, names, firmwareLabels, modelNames);
  const body = breakdown.isPending ? (
    <LoadingState variant="table" rows={4} label={`Loading ${title.toLowerCase()}…`} />
  ) : breakdown.isError ? (
    <ErrorState
      title={`${title} could not be read`}
      message={describeQueryError(breakdown.error)}
      onRetry={() => void breakdown.refetch()}
      retrying={breakdown.isFetching}
    />
  ) : (
    <DataTable<TQoeBreakdownRow>
      caption={`QoE ${title.toLowerCase()}`}
      rows={breakdown.data.rows}
      rowKey={(row) => row.value}
      empty={
        <EmptyState
          title="No beacons in this range"
          description="Nothing matches the range and filters; widen the range or remove a filter."
        />
      }
      columns={[
        {
          key: 'value',
          header: DIMENSION_LABELS[dimension],
          // A long name (a model with its firmware) wraps, so the figures and the trend keep the card's width.
          className: 'min-w-28',
          cell: (row) =>
            active.has(row.value) ? (
              <span className="font-medium text-slate-900">{label(row.value)} (filtered)</span>
            ) : (
              <button
                type="button"
                onClick={() => onDrill(dimension, row.value)}
                aria-label={`Filter by ${DIMENSION_LABELS[dimension].toLowerCase()} ${label(row.value)}`}
                className="text-left font-medium text-sky-800 hover:underline"
              >
                {label(row.value)}
              </button>
            ),
        },
        {
          key: 'attempts',
          header: 'Attempts',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatCount(row.sample.attempts),
        },
        {
          key: 'vst',
          header: 'VST p95',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatMetric('videoStartTimeP95', row.videoStartTimeP95),
        },
        {
          key: 'rebuf',
          header: 'Rebuffering',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatMetric('rebufferingRatio', row.rebufferingRatio),
        },
        {
          key: 'vsf',
          header: 'VSF',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatMetric('vsfRate', row.vsfRate),
        },
        {
          key: 'trend',
          header: 'Trend',
          cell: (row) => (
            <Sparkline
              points={row.sparkline}
              label={`${METRIC_INFO[sparklineMetric].short} of ${label(row.value)} over the range`}
            />
          ),
        },
      ]}
    />
  );
  return (
    <Card
      title={title}
      description={`Attempts are each row's sample; the trend is ${METRIC_INFO[sparklineMetric].short} over the range. Click a row to filter the page by it.`}
      flush
    >
      {body}
    </Card>
  );
}
