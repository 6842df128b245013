import { anyOperatorProcedure, router } from '../trpc/trpc';
import { homeSummary } from './home.service';

export const homeRouter = router({
  summary: anyOperatorProcedure.query(({ ctx }) => homeSummary(ctx.prisma, ctx.operator.role)),
});
