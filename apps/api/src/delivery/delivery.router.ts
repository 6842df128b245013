import { operatorProcedure, router } from '../trpc/trpc';
import {
  ZCdnEdgeCreateSchema,
  ZCdnEdgeIdSchema,
  ZDeliveryViewInputSchema,
  ZSharingSignalsInputSchema,
} from './delivery.schema';
import { deliveryView } from './delivery.service';
import { createEdge, listEdges, revokeEdgeToken, rotateEdgeToken } from './edges.service';
import { sharingSignals } from './sharing-signals';

// Edges hold credentials: administrators only. The NOC reads the delivery view; support the sharing signals.
const adminProcedure = operatorProcedure();

export const deliveryRouter = router({
  view: operatorProcedure('NOC')
    .input(ZDeliveryViewInputSchema)
    .query(({ ctx, input }) => deliveryView(ctx.prisma, ctx.clickhouse, input)),
  sharingSignals: operatorProcedure('NOC', 'SUPPORT')
    .input(ZSharingSignalsInputSchema)
    .query(({ ctx, input }) => sharingSignals(ctx.prisma, ctx.clickhouse, input)),
  edges: router({
    list: adminProcedure.query(({ ctx }) => listEdges(ctx.prisma)),
    create: adminProcedure
      .input(ZCdnEdgeCreateSchema)
      .mutation(({ ctx, input }) => createEdge(ctx.prisma, ctx.actor, input)),
    rotateToken: adminProcedure
      .input(ZCdnEdgeIdSchema)
      .mutation(({ ctx, input }) => rotateEdgeToken(ctx.prisma, ctx.actor, input.id)),
    revokeToken: adminProcedure
      .input(ZCdnEdgeIdSchema)
      .mutation(({ ctx, input }) => revokeEdgeToken(ctx.prisma, ctx.actor, input.id)),
  }),
});
