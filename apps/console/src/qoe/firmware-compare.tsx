'use client';

import { QOE_RANKED_METRICS, type TQoeRankedMetric } from '@keten/contracts';
import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { InlineSelect } from './inline-select';
import { formatMetric, METRIC_INFO } from './qoe-format';
import type { TQoeView } from './qoe-view';
import { formatInterval } from './ranking-card';
import type { TQoeRankingRow } from './types';
import { useBoxModelNames } from './use-box-model-names';
import type { TSetQoeView } from './use-qoe-view';

type TFigure = TQoeRankingRow['figures'][TQoeRankedMetric];

/** Whether B differs from A beyond chance: their intervals do not overlap (every ranked metric is worse when up). */
function verdict(
  a: TFigure | undefined,
  b: TFigure | undefined,
): { text: string; tone: 'danger' | 'success' | 'neutral' | 'warning' } {
  if (!a?.interval || !b?.interval || a.value === null || b.value === null)
    return { text: 'not measured', tone: 'neutral' };
  if (a.tooSmall || b.tooSmall) return { text: 'sample too small', tone: 'warning' };
  if (b.interval.low > a.interval.high) return { text: 'B worse', tone: 'danger' };
  if (b.interval.high < a.interval.low) return { text: 'B better', tone: 'success' };
  return { text: 'no clear difference', tone: 'neutral' };
}

/** Firmware A vs B within one box model, every ranked metric side by side with its interval. */
export function FirmwareCompare({
  view,
  setView,
  range,
}: {
  view: TQoeView;
  setView: TSetQoeView;
  range: { from: Date; to: Date };
}) {
  const trpc = useTRPC();
  const live = { placeholderData: keepPreviousData, refetchOnWindowFocus: false } as const;
  const models = useQuery({
    ...trpc.qoe.breakdown.queryOptions({ ...range, filters: {}, dimension: 'boxModel', limit: 100 }),
    ...live,
  });
  const firmware = useQuery({
    ...trpc.qoe.ranking.queryOptions({
      ...range,
      filters: { boxModel: view.model ? [view.model] : [] },
      dimension: 'firmware',
      metric: 'rebufferingRatio',
      limit: 100,
    }),
    enabled: view.model !== undefined,
    ...live,
  });
  const modelNames = useBoxModelNames();
  const rows = firmware.data?.rows ?? [];
  const a = rows.find((row) => row.value === view.firmwareA);
  const b = rows.find((row) => row.value === view.firmwareB);
  const firmwareOptions = rows.map((row) => row.value).sort();
  const controls = (
    <div className="flex flex-wrap items-center gap-2">
      <InlineSelect
        label="Box model"
        value={view.model ?? ''}
        placeholder="Choose…"
        options={(models.data?.rows ?? []).map((row) => ({
          value: row.value,
          // The name people know, with the code the URL and the firmware rows carry.
          label: modelNames.has(row.value)
            ? `${modelNames.get(row.value)} (${row.value})`
            : row.value || 'unknown',
        }))}
        onChange={(model) =>
          setView((current) => ({
            ...current,
            model: model || undefined,
            firmwareA: undefined,
            firmwareB: undefined,
          }))
        }
      />
      {(['firmwareA', 'firmwareB'] as const).map((side) => (
        <InlineSelect
          key={side}
          label={`Firmware ${side === 'firmwareA' ? 'A' : 'B'}`}
          value={view[side] ?? ''}
          placeholder="Choose…"
          disabled={!view.model}
          options={firmwareOptions.map((option) => ({ value: option, label: option || 'unknown' }))}
          onChange={(value) => setView((current) => ({ ...current, [side]: value || undefined }))}
        />
      ))}
    </div>
  );
  const body = !view.model ? (
    <EmptyState
      title="Choose a box model"
      description="Then two of its firmware versions to compare them side by side."
    />
  ) : firmware.isError ? (
    <ErrorState
      title="The firmware could not be compared"
      message={describeQueryError(firmware.error)}
      onRetry={() => void firmware.refetch()}
      retrying={firmware.isFetching}
    />
  ) : firmware.isPending ? (
    <LoadingState variant="table" rows={4} label="Loading the firmware…" />
  ) : !a || !b ? (
    <EmptyState
      title={
        rows.length < 2 ? 'This model reported fewer than two firmware versions' : 'Choose firmware A and B'
      }
      description={`${formatCount(rows.length)} firmware version${rows.length === 1 ? '' : 's'} of ${view.model} reported in this range.`}
    />
  ) : (
    <DataTable<TQoeRankedMetric>
      caption={`Firmware ${a.value} vs ${b.value} on ${view.model}`}
      rows={QOE_RANKED_METRICS}
      rowKey={(metric) => metric}
      columns={[
        { key: 'metric', header: 'Metric', cell: (metric) => METRIC_INFO[metric].label },
        ...(
          [
            ['A', a],
            ['B', b],
          ] as const
        ).map(([side, row]) => ({
          key: side,
          header: `${side}: ${row.value}`,
          align: 'right' as const,
          cell: (metric: TQoeRankedMetric) => {
            const figure = row.figures[metric];
            return (
              <span className="inline-flex flex-col items-end">
                <span className="font-medium">{formatMetric(metric, figure.value)}</span>
                <span className="text-xs text-slate-500">
                  {formatInterval(metric, figure.interval)} · n={formatCount(figure.sample)}
                </span>
              </span>
            );
          },
        })),
        {
          key: 'verdict',
          header: 'B against A',
          cell: (metric) => {
            const result = verdict(a.figures[metric], b.figures[metric]);
            return <Badge tone={result.tone}>{result.text}</Badge>;
          },
        },
      ]}
    />
  );
  return (
    <Card
      title="Firmware A vs B"
      description="Within one box model; a difference counts when the 95 % intervals do not overlap"
      actions={controls}
      flush
    >
      <div className={!view.model || !a || !b ? 'p-4' : undefined}>{body}</div>
    </Card>
  );
}
