import type { TRouterOutputs } from '../trpc/types';

export type TChannelRow = TRouterOutputs['channels']['list']['items'][number];
export type TChannelDetail = TRouterOutputs['channels']['get'];
export type TChannelSourceRow = TChannelRow['sources'][number];
