import type { TRouterOutputs } from '../trpc/types';

type TQoe = TRouterOutputs['qoe'];
export type TQoeKpis = TQoe['kpis'];
export type TQoeSeries = TQoe['series'];
export type TQoeBreakdown = TQoe['breakdown'];
export type TQoeBreakdownRow = TQoeBreakdown['rows'][number];
export type TQoeErrorCodes = TQoe['errorCodes'];
export type TQoeErrorCodeRow = TQoeErrorCodes['codes'][number];
export type TQoeAnnotation = TQoe['annotations']['events'][number];
export type TQoeRanking = TQoe['ranking'];
export type TQoeRankingRow = TQoeRanking['rows'][number];
export type TQoeSession = TQoe['sessions']['sessions'][number];
