'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../trpc/react';

/**
 * Labels of the firmware versions QoE rows carry, with their box model ("Kaon KSTB6077 · 2.4.1"): a bare version
 * names no model. A version stays as it is until (or unless) its model is known, or when several models share it.
 */
export function useFirmwareLabels(versions: readonly string[]): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const unique = useMemo(() => [...new Set(versions.filter(Boolean))].sort().slice(0, 200), [versions]);
  const labels = useQuery({
    ...trpc.qoe.firmwareModels.queryOptions({ versions: unique }),
    enabled: unique.length > 0,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
  return useMemo(
    () => new Map((labels.data ?? []).map((firmware) => [firmware.version, firmware.label])),
    [labels.data],
  );
}
