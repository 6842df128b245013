import type { TRouterOutputs } from '../trpc/types';

export type TProfileRow = TRouterOutputs['profiles']['list'][number];
export type TProfileDetail = TRouterOutputs['profiles']['get'];
export type TProfileVersion = TProfileDetail['versions'][number];
export type TCompatibilityMatrix = TRouterOutputs['profiles']['compatibility'];
export type TBoxModelRow = TRouterOutputs['profiles']['boxModels']['list'][number];
