'use client';

import { QOE_RANKED_METRICS, type TQoeRankedMetric } from '@keten/contracts';
import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { formatMetric, METRIC_INFO } from './qoe-format';
import type { TQoeView } from './qoe-view';
import { formatInterval } from './ranking-card';
import type { TQoeRankingRow } from './types';

const SELECT = 'h-8 rounded-md border border-slate-300 bg-white px-2 text-xs text-slate-900';

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
  setView: (view: TQoeView) => void;
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
  const rows = firmware.data?.rows ?? [];
  const a = rows.find((row) => row.value === view.firmwareA);
  const b = rows.find((row) => row.value === view.firmwareB);
  const firmwareOptions = rows.map((row) => row.value).sort();
  const controls = (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
      <label className="flex items-center gap-1">
        Box model
        <select
          value={view.model ?? ''}
          onChange={(e) =>
            setView({
              ...view,
              model: e.target.value || undefined,
              firmwareA: undefined,
              firmwareB: undefined,
            })
          }
          className={SELECT}
        >
          <option value="">Choose…</option>
          {(models.data?.rows ?? []).map((row) => (
            <option key={row.value} value={row.value}>
              {row.value || 'unknown'}
            </option>
          ))}
        </select>
      </label>
      {(['firmwareA', 'firmwareB'] as const).map((side) => (
        <label key={side} className="flex items-center gap-1">
          Firmware {side === 'firmwareA' ? 'A' : 'B'}
          <select
            value={view[side] ?? ''}
            disabled={!view.model}
            onChange={(e) => setView({ ...view, [side]: e.target.value || undefined })}
            className={SELECT}
          >
            <option value="">Choose…</option>
            {firmwareOptions.map((option) => (
              <option key={option} value={option}>
                {option || 'unknown'}
              </option>
            ))}
          </select>
        </label>
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
