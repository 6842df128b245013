import type { TRouterOutputs } from '../trpc/types';

export type TFlagRow = TRouterOutputs['flags']['list'][number];
export type TFlagDetail = TRouterOutputs['flags']['get'];
export type TCohortRow = TRouterOutputs['cohorts']['list'][number];
export type TDeviceFactsView = TRouterOutputs['flags']['deviceFacts'];
export type TRailRow = TRouterOutputs['rails']['list'][number];
export type TRailDetail = TRouterOutputs['rails']['get'];
export type TRailChannelOption = TRouterOutputs['rails']['channels'][number];
export type TRailPreview = TRouterOutputs['rails']['preview'];
