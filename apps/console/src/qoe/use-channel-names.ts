'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../trpc/react';

/** Names of the channel ids QoE rows carry; an id stays as it is until (or unless) its name is known. */
export function useChannelNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const unique = useMemo(() => [...new Set(ids.filter(Boolean))].sort().slice(0, 200), [ids]);
  const names = useQuery({
    ...trpc.qoe.channelNames.queryOptions({ ids: unique }),
    enabled: unique.length > 0,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
  return useMemo(
    () => new Map((names.data ?? []).map((channel) => [channel.id, channel.name])),
    [names.data],
  );
}
