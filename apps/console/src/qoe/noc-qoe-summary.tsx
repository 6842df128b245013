'use client';

import type { TQoeDimension, TQoeMetric, TQoeRankedMetric } from '@keten/contracts';
import { Card, ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { KpiTile } from './kpi-tiles';
import { DIMENSION_LABELS, dimensionValueLabel, formatMetric, METRIC_INFO } from './qoe-format';
import { DEFAULT_VIEW, qoeViewQuery, withFilter } from './qoe-view';
import { useBoxModelNames } from './use-box-model-names';
import { useChannelNames } from './use-channel-names';
import { useFirmwareLabels } from './use-firmware-labels';
import { useLiveRange } from './use-qoe-view';

const HOME_TILES: readonly TQoeMetric[] = [
  'concurrentPlays',
  'attempts',
  'videoStartTimeP95',
  'zapTimeP95',
  'rebufferingRatio',
  'vsfRate',
];
const WORST: readonly TQoeDimension[] = ['boxModel', 'firmware', 'channelId'];
const WORST_BY: readonly TQoeRankedMetric[] = ['rebufferingRatio', 'vsfRate'];
const LAST_HOUR = { kind: 'preset', preset: '1h' } as const;
// An hour of a small fleet leaves most models and firmware too small a sample to name: the worst are a day's.
const LAST_DAY = { kind: 'preset', preset: '24h' } as const;

/** The NOC home's QoE: the fleet's live KPIs over the last hour and the worst box model, firmware and channel now. */
export function NocQoeSummary() {
  const trpc = useTRPC();
  const range = useLiveRange(LAST_HOUR, 10_000);
  const kpis = useQuery({
    ...trpc.qoe.kpis.queryOptions({ ...range, filters: {} }),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
  return (
    <section aria-label="Live QoE" className="space-y-3">
      {kpis.isPending ? (
        <LoadingState variant="stats" rows={6} label="Loading live QoE…" />
      ) : kpis.isError ? (
        <ErrorState
          title="Live QoE could not be read"
          message={describeQueryError(kpis.error)}
          onRetry={() => void kpis.refetch()}
          retrying={kpis.isFetching}
        />
      ) : (
        <dl aria-label="Live QoE, last hour" className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {HOME_TILES.map((metric) => (
            <KpiTile key={metric} metric={metric} tile={kpis.data.tiles[metric]} before="the hour before" />
          ))}
        </dl>
      )}
      <WorstNow />
    </section>
  );
}

function WorstNow() {
  const trpc = useTRPC();
  const slow = useLiveRange(LAST_DAY, 30_000);
  const queries = WORST.flatMap((dimension) => WORST_BY.map((metric) => ({ dimension, metric })));
  const results = useQueries({
    queries: queries.map(({ dimension, metric }) => ({
      ...trpc.qoe.ranking.queryOptions({ ...slow, filters: {}, dimension, metric, limit: 1 }),
      placeholderData: keepPreviousData,
      refetchOnWindowFocus: false,
    })),
  });
  const channelIds = results.flatMap((result, index) =>
    queries[index]?.dimension === 'channelId' ? (result.data?.rows ?? []).map((row) => row.value) : [],
  );
  const names = useChannelNames(channelIds);
  const modelNames = useBoxModelNames();
  const firmwareLabels = useFirmwareLabels(
    results.flatMap((result, index) =>
      queries[index]?.dimension === 'firmware' ? (result.data?.rows ?? []).map((row) => row.value) : [],
    ),
  );
  return (
    <Card title="Worst now" description="Last 24 hours; rows with too small a sample are not named" flush>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Worst box model, firmware and channel now</caption>
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50/80 text-xs text-slate-600">
            <th scope="col" className="px-4 py-2 font-semibold">
              {' '}
            </th>
            {WORST_BY.map((metric) => (
              <th key={metric} scope="col" className="px-3 py-2 font-semibold">
                {METRIC_INFO[metric].short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {WORST.map((dimension) => (
            <tr key={dimension}>
              <th scope="row" className="px-4 py-2 text-xs font-medium text-slate-600">
                {DIMENSION_LABELS[dimension]}
              </th>
              {WORST_BY.map((metric) => {
                const result =
                  results[queries.findIndex((q) => q.dimension === dimension && q.metric === metric)];
                const row = result?.data?.rows[0];
                const figure = row?.figures[metric];
                return (
                  <td key={metric} className="px-3 py-2">
                    {result?.isPending ? (
                      <span className="text-xs text-slate-400">loading…</span>
                    ) : result?.isError ? (
                      <span className="text-xs text-rose-700">could not be read</span>
                    ) : !row || !figure || figure.tooSmall || figure.value === null ? (
                      <span className="text-xs text-slate-500">not enough data</span>
                    ) : (
                      <Link
                        href={`/qoe?${qoeViewQuery(withFilter({ ...DEFAULT_VIEW, range: LAST_DAY, chart: metric }, dimension, row.value))}`}
                        className="text-sky-800 hover:underline"
                      >
                        {dimensionValueLabel(dimension, row.value, names, firmwareLabels, modelNames)}{' '}
                        <span className="tabular-nums text-slate-600">
                          {formatMetric(metric, figure.value)}
                        </span>
                      </Link>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
