import type { AppRouter } from '@keten/api/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type TRouterOutputs = inferRouterOutputs<AppRouter>;
export type TRouterInputs = inferRouterInputs<AppRouter>;

export type THomeSummary = TRouterOutputs['home']['summary'];
export type TOperatorRow = TRouterOutputs['operators']['list'][number];
export type TAuditEntry = TRouterOutputs['audit']['list']['items'][number];
export type TCdnEdgeRow = TRouterOutputs['delivery']['edges']['list'][number];
export type TDeliveryView = TRouterOutputs['delivery']['view'];
export type TDeliveryRow = TDeliveryView['rows'][number];
export type TSharingSignal = TRouterOutputs['delivery']['sharingSignals']['signals'][number];
export type TSteeringView = TRouterOutputs['steering']['view'];
export type TSteeringEdge = TSteeringView['edges'][number];
