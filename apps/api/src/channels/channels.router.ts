import { z } from 'zod';
import { anyOperatorProcedure, operatorProcedure, router } from '../trpc/trpc';
import { setChannelLogo } from './channels.logo';
import {
  ZChannelCreateSchema,
  ZChannelListSchema,
  ZChannelLogoSchema,
  ZChannelSetStateSchema,
  ZChannelUpdateSchema,
} from './channels.schema';
import { createChannel, getChannel, listChannels, setChannelState, updateChannel } from './channels.service';

const contentProcedure = operatorProcedure('CONTENT');

export const channelsRouter = router({
  list: anyOperatorProcedure
    .input(ZChannelListSchema)
    .query(({ ctx, input }) => listChannels(ctx.prisma, input)),
  get: anyOperatorProcedure
    .input(z.object({ id: z.string().min(1) }))
    .query(({ ctx, input }) => getChannel(ctx.prisma, input.id)),
  create: contentProcedure
    .input(ZChannelCreateSchema)
    .mutation(({ ctx, input }) => createChannel(ctx.prisma, ctx.actor, input)),
  update: contentProcedure
    .input(ZChannelUpdateSchema)
    .mutation(({ ctx, input }) => updateChannel(ctx.prisma, ctx.actor, input)),
  setState: contentProcedure
    .input(ZChannelSetStateSchema)
    .mutation(({ ctx, input }) => setChannelState(ctx.prisma, ctx.actor, input)),
  setLogo: contentProcedure
    .input(ZChannelLogoSchema)
    .mutation(({ ctx, input }) => setChannelLogo(ctx.prisma, ctx.mediaRoot, ctx.actor, input)),
});
