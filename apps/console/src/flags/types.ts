import type { TRouterOutputs } from '../trpc/types';

export type TFlagRow = TRouterOutputs['flags']['list'][number];
export type TFlagDetail = TRouterOutputs['flags']['get'];
export type TCohortRow = TRouterOutputs['cohorts']['list'][number];
export type TDeviceFactsView = TRouterOutputs['flags']['deviceFacts'];
