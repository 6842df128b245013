import { operatorProcedure, router } from '../trpc/trpc';
import { qoeAnnotations, qoeChannelNames, qoeFirmwareModels } from './qoe.annotations';
import { qoeBreakdown, qoeErrorCodes } from './qoe.breakdown';
import { qoeRanking } from './qoe.ranking';
import {
  ZQoeBreakdownInputSchema,
  ZQoeChannelNamesInputSchema,
  ZQoeFirmwareModelsInputSchema,
  ZQoeRangeInputSchema,
  ZQoeRankingInputSchema,
  ZQoeSessionsInputSchema,
} from './qoe.schema';
import { qoeKpis, qoeSeries, qoeSessions } from './qoe.service';

// The NOC watches live QoE; support reads a box's or subscriber's sessions (ADMIN is always allowed).
const nocProcedure = operatorProcedure('NOC');
const sessionsProcedure = operatorProcedure('NOC', 'SUPPORT');

export const qoeRouter = router({
  kpis: nocProcedure.input(ZQoeRangeInputSchema).query(({ ctx, input }) => qoeKpis(ctx.clickhouse, input)),
  series: nocProcedure
    .input(ZQoeRangeInputSchema)
    .query(({ ctx, input }) => qoeSeries(ctx.clickhouse, input)),
  breakdown: nocProcedure
    .input(ZQoeBreakdownInputSchema)
    .query(({ ctx, input }) => qoeBreakdown(ctx.clickhouse, input)),
  errorCodes: nocProcedure
    .input(ZQoeRangeInputSchema)
    .query(({ ctx, input }) => qoeErrorCodes(ctx.clickhouse, input)),
  ranking: nocProcedure
    .input(ZQoeRankingInputSchema)
    .query(({ ctx, input }) => qoeRanking(ctx.clickhouse, input)),
  annotations: nocProcedure
    .input(ZQoeRangeInputSchema)
    .query(({ ctx, input }) => qoeAnnotations(ctx.prisma, ctx.clickhouse, input)),
  channelNames: sessionsProcedure
    .input(ZQoeChannelNamesInputSchema)
    .query(({ ctx, input }) => qoeChannelNames(ctx.prisma, input.ids)),
  firmwareModels: sessionsProcedure
    .input(ZQoeFirmwareModelsInputSchema)
    .query(({ ctx, input }) => qoeFirmwareModels(ctx.prisma, input.versions)),
  sessions: sessionsProcedure
    .input(ZQoeSessionsInputSchema)
    .query(({ ctx, input }) => qoeSessions(ctx.clickhouse, input)),
});
