'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '../trpc/react';
import { FirmwareCompare } from './firmware-compare';
import { QoeToolbar } from './qoe-toolbar';
import { qoeViewQuery, withFilter } from './qoe-view';
import { RankingCard } from './ranking-card';
import { useChannelNames } from './use-channel-names';
import { useLiveRange, useQoeView } from './use-qoe-view';

/** Box and firmware insight: a ranking by any metric with intervals, and firmware A vs B within one model. */
export function QoeInsight() {
  const trpc = useTRPC();
  const router = useRouter();
  const { view, setView } = useQoeView('insight');
  const range = useLiveRange(view.range, 30_000);
  const ranking = useQuery({
    ...trpc.qoe.ranking.queryOptions({
      ...range,
      filters: view.filters,
      dimension: view.rankDimension,
      metric: view.rankBy,
    }),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
  const channelNames = useChannelNames([
    ...(view.filters.channelId ?? []),
    ...(view.rankDimension === 'channelId' ? (ranking.data?.rows ?? []).map((row) => row.value) : []),
  ]);
  return (
    <div className="space-y-5">
      <QoeToolbar view={view} setView={setView} page="insight" channelNames={channelNames} />
      <RankingCard
        ranking={ranking}
        error={ranking.isError ? ranking.error : null}
        retry={() => void ranking.refetch()}
        dimension={view.rankDimension}
        metric={view.rankBy}
        channelNames={channelNames}
        onChange={(rankDimension, rankBy) => setView((current) => ({ ...current, rankDimension, rankBy }))}
        onDrill={(dimension, value) =>
          router.push(`/qoe?${qoeViewQuery(withFilter(view, dimension, value))}`)
        }
      />
      <FirmwareCompare view={view} setView={setView} range={range} />
    </div>
  );
}
