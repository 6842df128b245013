import { operatorProcedure, router } from '../trpc/trpc';
import { devicesRouter } from './devices.router';
import { boxEntitlements } from './entitlements.service';
import {
  ZSubscriberCreateSchema,
  ZSubscriberIdSchema,
  ZSubscriberImportSchema,
  ZSubscriberListSchema,
  ZSubscriberUpdateSchema,
  ZSubscriptionAddSchema,
  ZSubscriptionEndSchema,
  ZSupportSearchSchema,
} from './subscribers.schema';
import {
  createSubscriber,
  getSubscriber,
  listSubscribers,
  packageOptions,
  updateSubscriber,
} from './subscribers.service';
import { importSubscribers } from './subscribers-import.service';
import { addSubscription, endSubscription } from './subscriptions.service';
import { supportSearch } from './support-search.service';

// NOC may look subscribers up (an outage ticket names one); only support agents change them.
const read = operatorProcedure('SUPPORT', 'NOC');
const write = operatorProcedure('SUPPORT');

export const subscribersRouter = router({
  list: read.input(ZSubscriberListSchema).query(({ ctx, input }) => listSubscribers(ctx.prisma, input)),
  get: read.input(ZSubscriberIdSchema).query(({ ctx, input }) => getSubscriber(ctx.prisma, input.id)),
  search: read.input(ZSupportSearchSchema).query(({ ctx, input }) => supportSearch(ctx.prisma, input)),
  entitlements: read
    .input(ZSubscriberIdSchema)
    .query(({ ctx, input }) => boxEntitlements(ctx.prisma, input.id)),
  packageOptions: read.query(({ ctx }) => packageOptions(ctx.prisma)),
  create: write
    .input(ZSubscriberCreateSchema)
    .mutation(({ ctx, input }) => createSubscriber(ctx.prisma, ctx.actor, input)),
  update: write
    .input(ZSubscriberUpdateSchema)
    .mutation(({ ctx, input }) => updateSubscriber(ctx.prisma, ctx.actor, input)),
  import: write
    .input(ZSubscriberImportSchema)
    .mutation(({ ctx, input }) => importSubscribers(ctx.prisma, ctx.actor, input)),
  subscriptions: router({
    add: write
      .input(ZSubscriptionAddSchema)
      .mutation(({ ctx, input }) => addSubscription(ctx.prisma, ctx.actor, input)),
    end: write
      .input(ZSubscriptionEndSchema)
      .mutation(({ ctx, input }) => endSubscription(ctx.prisma, ctx.actor, input)),
  }),
  devices: devicesRouter,
});
