import type { TRouterOutputs } from '../trpc/types';

export type TScheduleChannel = TRouterOutputs['schedule']['channels'][number];
export type TProgramme = TRouterOutputs['schedule']['day']['programmes'][number];
export type TAvailabilityWindow = TRouterOutputs['schedule']['windows']['list'][number];
export type TImportReport = TRouterOutputs['schedule']['importXmltv'];
