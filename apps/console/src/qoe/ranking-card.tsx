'use client';

import {
  QOE_DIMENSIONS,
  QOE_RANKED_METRICS,
  type TQoeDimension,
  type TQoeRankedMetric,
} from '@keten/contracts';
import { Badge, Card, ChartPanel, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, XAxis, YAxis } from 'recharts';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { InlineSelect } from './inline-select';
import { DIMENSION_LABELS, dimensionValueLabel, formatMetric, METRIC_INFO } from './qoe-format';
import type { TQoeRanking, TQoeRankingRow } from './types';
import { useBoxModelNames } from './use-box-model-names';
import { useFirmwareLabels } from './use-firmware-labels';

/** The interval as text: "820 – 1,040 ms". */
export function formatInterval(metric: TQoeRankedMetric, interval: { low: number; high: number } | null) {
  return interval ? `${formatMetric(metric, interval.low)} – ${formatMetric(metric, interval.high)}` : '—';
}

/** A dimension's values ranked worst first by a metric, each with its 95 % interval; small samples marked and last. */
export function RankingCard({
  ranking,
  error,
  retry,
  dimension,
  metric,
  channelNames,
  onChange,
  onDrill,
}: {
  ranking: { data: TQoeRanking | undefined; isPending: boolean; isFetching: boolean };
  error: unknown;
  retry: () => void;
  dimension: TQoeDimension;
  metric: TQoeRankedMetric;
  channelNames: ReadonlyMap<string, string>;
  onChange: (dimension: TQoeDimension, metric: TQoeRankedMetric) => void;
  onDrill: (dimension: TQoeDimension, value: string) => void;
}) {
  const modelNames = useBoxModelNames();
  const firmwareLabels = useFirmwareLabels(
    dimension === 'firmware' ? (ranking.data?.rows ?? []).map((row) => row.value) : [],
  );
  const label = (value: string) =>
    dimensionValueLabel(dimension, value, channelNames, firmwareLabels, modelNames);
  const controls = (
    <div className="flex flex-wrap items-center gap-2">
      <InlineSelect
        label="Rank"
        value={dimension}
        options={QOE_DIMENSIONS.map((option) => ({ value: option, label: DIMENSION_LABELS[option] }))}
        onChange={(value) => value && onChange(value, metric)}
      />
      <InlineSelect
        label="by"
        value={metric}
        options={QOE_RANKED_METRICS.map((option) => ({ value: option, label: METRIC_INFO[option].label }))}
        onChange={(value) => value && onChange(dimension, value)}
      />
    </div>
  );
  const rows = ranking.data?.rows ?? [];
  const bars = rows
    .filter((row) => row.figures[metric].value !== null)
    .slice(0, 15)
    .map((row) => {
      const figure = row.figures[metric];
      const value = figure.value ?? 0;
      return {
        name: label(row.value),
        value,
        tooSmall: figure.tooSmall,
        spread: figure.interval ? [value - figure.interval.low, figure.interval.high - value] : [0, 0],
      };
    });
  const minSample = ranking.data?.minSample ?? 100;
  return (
    <div className="space-y-4">
      <ChartPanel
        title={`${METRIC_INFO[metric].label} by ${DIMENSION_LABELS[dimension].toLowerCase()}, worst first`}
        description={`Whiskers: 95 % confidence interval. Grey: fewer than ${formatCount(minSample)} samples, too small to trust.`}
        actions={controls}
        height={Math.max(180, bars.length * 28 + 40)}
        loading={ranking.isPending}
        empty={
          !ranking.isPending && bars.length === 0
            ? {
                title: 'Nothing to rank',
                description: 'No beacons measured this metric in the range and filters.',
              }
            : undefined
        }
      >
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
          <XAxis type="number" fontSize={11} tickFormatter={(value: number) => formatMetric(metric, value)} />
          <YAxis type="category" dataKey="name" width={140} fontSize={11} />
          <Bar dataKey="value" isAnimationActive={false}>
            {bars.map((bar) => (
              <Cell key={bar.name} fill={bar.tooSmall ? '#cbd5e1' : '#0369a1'} />
            ))}
            <ErrorBar dataKey="spread" width={6} stroke="#0f172a" direction="x" />
          </Bar>
        </BarChart>
      </ChartPanel>
      <Card title="Ranking" description="Click a value to open the live page filtered by it" flush>
        {error ? (
          <ErrorState
            title="The ranking could not be read"
            message={describeQueryError(error)}
            onRetry={retry}
            retrying={ranking.isFetching}
          />
        ) : ranking.isPending ? (
          <LoadingState variant="table" rows={5} label="Loading the ranking…" />
        ) : (
          <DataTable<TQoeRankingRow>
            caption={`Ranking of ${DIMENSION_LABELS[dimension].toLowerCase()} by ${METRIC_INFO[metric].label}`}
            rows={rows}
            rowKey={(row) => row.value}
            empty={<EmptyState title="Nothing to rank" description="No beacons in this range and filters." />}
            columns={[
              { key: 'rank', header: '#', align: 'right', cell: (row) => row.rank },
              {
                key: 'value',
                header: DIMENSION_LABELS[dimension],
                cell: (row) => (
                  <button
                    type="button"
                    onClick={() => onDrill(dimension, row.value)}
                    className="text-left font-medium text-sky-800 hover:underline"
                  >
                    {label(row.value)}
                  </button>
                ),
              },
              {
                key: 'figure',
                header: METRIC_INFO[metric].short,
                align: 'right',
                cell: (row) => formatMetric(metric, row.figures[metric].value),
              },
              {
                key: 'interval',
                header: '95 % interval',
                align: 'right',
                cell: (row) => formatInterval(metric, row.figures[metric].interval),
              },
              {
                key: 'sample',
                header: 'Sample',
                align: 'right',
                cell: (row) => formatCount(row.figures[metric].sample),
              },
              {
                key: 'trust',
                header: 'Trust',
                cell: (row) =>
                  row.figures[metric].tooSmall ? (
                    <Badge tone="warning">Too small to trust</Badge>
                  ) : (
                    <Badge tone="success">Enough samples</Badge>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
