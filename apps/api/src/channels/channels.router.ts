import { ZChannelFeedsSchema } from '@keten/contracts';
import { anyOperatorProcedure, operatorProcedure, router } from '../trpc/trpc';
import { listChannelFeeds } from './channels.feeds';
import { getChannelHealth } from './channels.health';
import { startLive, stopLive } from './channels.live';
import {
  ZChannelHealthInputSchema,
  ZChannelIdInputSchema,
  ZQcUpdateInputSchema,
  ZSourceProbeInputSchema,
} from './channels.live.schema';
import { setChannelLogo } from './channels.logo';
import { probeSource } from './channels.probe';
import { updateQcSettings } from './channels.qc';
import {
  ZChannelCreateSchema,
  ZChannelListSchema,
  ZChannelLogoSchema,
  ZChannelReachSchema,
  ZChannelSetStateSchema,
  ZChannelUpdateSchema,
} from './channels.schema';
import {
  channelReach,
  createChannel,
  getChannel,
  listChannels,
  setChannelState,
  updateChannel,
} from './channels.service';

const contentProcedure = operatorProcedure('CONTENT');
// Live ingest is run by content and by the NOC that watches the feeds.
const liveProcedure = operatorProcedure('CONTENT', 'NOC');

export const channelsRouter = router({
  list: anyOperatorProcedure
    .input(ZChannelListSchema)
    .query(({ ctx, input }) => listChannels(ctx.prisma, input)),
  get: anyOperatorProcedure
    .input(ZChannelIdInputSchema)
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
  // Asked when a state change is confirmed: which packages, households and boxes it reaches.
  reach: contentProcedure
    .input(ZChannelReachSchema)
    .query(({ ctx, input }) => channelReach(ctx.prisma, input.id)),
  setLogo: contentProcedure
    .input(ZChannelLogoSchema)
    .mutation(({ ctx, input }) => setChannelLogo(ctx.prisma, ctx.mediaRoot, ctx.actor, input)),
  // The NOC's feeds overview: every channel's on-air source, source problems and live job, paged.
  feeds: anyOperatorProcedure
    .input(ZChannelFeedsSchema)
    .query(({ ctx, input }) => listChannelFeeds(ctx.prisma, input)),
  health: anyOperatorProcedure
    .input(ZChannelHealthInputSchema)
    .query(({ ctx, input }) => getChannelHealth(ctx, input)),
  live: router({
    start: liveProcedure
      .input(ZChannelIdInputSchema)
      .mutation(({ ctx, input }) => startLive(ctx, ctx.actor, input.id)),
    stop: liveProcedure
      .input(ZChannelIdInputSchema)
      .mutation(({ ctx, input }) => stopLive(ctx, ctx.actor, input.id)),
  }),
  sources: router({
    probe: liveProcedure
      .input(ZSourceProbeInputSchema)
      .mutation(({ ctx, input }) => probeSource(ctx, ctx.actor, input.sourceId)),
  }),
  qc: router({
    update: liveProcedure
      .input(ZQcUpdateInputSchema)
      .mutation(({ ctx, input }) => updateQcSettings(ctx.prisma, ctx.actor, input)),
  }),
});
