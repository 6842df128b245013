import type { TRouterOutputs } from '../trpc/types';

export type TPackageRow = TRouterOutputs['packages']['list'][number];
export type TPackageDetail = TRouterOutputs['packages']['get'];
export type TLineupChannel = TRouterOutputs['packages']['lineup']['channels'][number];
