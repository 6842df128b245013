import { ZEdgeAvoidSchema, ZEdgeReturnSchema, ZEdgeSteeringUpdateSchema } from '@keten/contracts';
import { operatorProcedure, router } from '../trpc/trpc';
import { avoidEdge, returnEdge, steeringView, updateEdgeSteering } from './steering.service';

// The NOC watches and undoes steering; where an edge's boxes fetch media (its base URL, weight, rule) is the
// administrators' (they own the edges).
export const steeringRouter = router({
  view: operatorProcedure('NOC').query(({ ctx }) => steeringView(ctx.prisma)),
  avoid: operatorProcedure('NOC')
    .input(ZEdgeAvoidSchema)
    .mutation(({ ctx, input }) => avoidEdge(ctx, ctx.actor, input)),
  returnNow: operatorProcedure('NOC')
    .input(ZEdgeReturnSchema)
    .mutation(({ ctx, input }) => returnEdge(ctx, ctx.actor, input)),
  update: operatorProcedure()
    .input(ZEdgeSteeringUpdateSchema)
    .mutation(({ ctx, input }) => updateEdgeSteering(ctx.prisma, ctx.actor, input)),
});
