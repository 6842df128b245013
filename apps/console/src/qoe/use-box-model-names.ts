'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../trpc/react';

/**
 * Names of the box model codes QoE rows carry ("kaon-kstb6077" → "Kaonmedia KSTB6077"), as the firmware pages show
 * them; a code stays as it is until (or unless) its model is known. The firmware catalogue lists every model and is
 * readable by every role that reads QoE.
 */
export function useBoxModelNames(): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const models = useQuery({ ...trpc.firmware.list.queryOptions(), staleTime: 5 * 60_000 });
  return useMemo(
    () => new Map((models.data ?? []).map((model) => [model.code, `${model.vendor} ${model.name}`])),
    [models.data],
  );
}
