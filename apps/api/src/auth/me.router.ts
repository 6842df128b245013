import { anyOperatorProcedure, router } from '../trpc/trpc';

export const meRouter = router({
  get: anyOperatorProcedure.query(({ ctx }) => ctx.operator),
});
