import { operatorProcedure, router } from '../trpc/trpc';
import { ZOperatorCreateSchema, ZOperatorUpdateSchema } from './operators.schema';
import { createOperator, listOperators, updateOperator } from './operators.service';

export const operatorsRouter = router({
  list: operatorProcedure().query(({ ctx }) => listOperators(ctx.prisma)),
  create: operatorProcedure()
    .input(ZOperatorCreateSchema)
    .mutation(({ ctx, input }) => createOperator(ctx.prisma, ctx.actor, input)),
  update: operatorProcedure()
    .input(ZOperatorUpdateSchema)
    .mutation(({ ctx, input }) => updateOperator(ctx.prisma, ctx.actor, input)),
});
