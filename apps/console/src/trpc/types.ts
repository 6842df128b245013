import type { AppRouter } from '@keten/api/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type TRouterOutputs = inferRouterOutputs<AppRouter>;
export type TRouterInputs = inferRouterInputs<AppRouter>;

export type THomeSummary = TRouterOutputs['home']['summary'];
export type TOperatorRow = TRouterOutputs['operators']['list'][number];
export type TAuditEntry = TRouterOutputs['audit']['list']['items'][number];
