import type { TRouterOutputs } from '../trpc/types';

export type TRolloutRow = TRouterOutputs['rollouts']['list'][number];
export type TRolloutDetail = TRouterOutputs['rollouts']['get'];
export type TRolloutWave = TRolloutRow['waves'][number];
export type TRolloutEvent = TRolloutDetail['events'][number];
export type TRolloutCompare = TRouterOutputs['rollouts']['compare'];
