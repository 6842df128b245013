import type { TRouterOutputs } from '../trpc/types';

export type TFirmwareModel = TRouterOutputs['firmware']['list'][number];
export type TFirmwareVersion = TFirmwareModel['versions'][number];
