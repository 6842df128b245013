import { operatorProcedure, router } from '../trpc/trpc';
import {
  ZAlertAckSchema,
  ZAlertDeliveriesSchema,
  ZAlertListSchema,
  ZAlertRuleIdSchema,
  ZAlertRuleInputSchema,
  ZAlertRuleMuteSchema,
  ZAlertRuleUpdateSchema,
  ZAlertTimelineSchema,
  ZAlertWebhookInputSchema,
  ZAlertWebhookUpdateSchema,
} from './alerts.schema';
import { webhookKeyring } from './alerts.secrets';
import {
  acknowledgeAlert,
  alertTimeline,
  createAlertRule,
  deleteAlertRule,
  listAlertRules,
  listAlerts,
  muteAlertRule,
  unreadAlerts,
  updateAlertRule,
} from './alerts.service';
import {
  createAlertWebhook,
  deleteAlertWebhook,
  listAlertDeliveries,
  listAlertWebhooks,
  updateAlertWebhook,
} from './alerts.webhooks.service';

// The NOC manages rules, acknowledges and mutes (ADMIN is always allowed); webhooks' URLs and secrets: ADMIN only.
const nocProcedure = operatorProcedure('NOC');
const adminProcedure = operatorProcedure();

export const alertsRouter = router({
  list: nocProcedure.input(ZAlertListSchema).query(({ ctx, input }) => listAlerts(ctx.prisma, input)),
  unread: nocProcedure.query(({ ctx }) => unreadAlerts(ctx.prisma)),
  timeline: nocProcedure
    .input(ZAlertTimelineSchema)
    .query(({ ctx, input }) => alertTimeline(ctx.prisma, input)),
  acknowledge: nocProcedure
    .input(ZAlertAckSchema)
    .mutation(({ ctx, input }) => acknowledgeAlert(ctx.prisma, ctx.actor, input)),
  rules: router({
    list: nocProcedure.query(({ ctx }) => listAlertRules(ctx.prisma)),
    create: nocProcedure
      .input(ZAlertRuleInputSchema)
      .mutation(({ ctx, input }) => createAlertRule(ctx.prisma, ctx.actor, input)),
    update: nocProcedure
      .input(ZAlertRuleUpdateSchema)
      .mutation(({ ctx, input }) => updateAlertRule(ctx.prisma, ctx.actor, input)),
    delete: nocProcedure
      .input(ZAlertRuleIdSchema)
      .mutation(({ ctx, input }) => deleteAlertRule(ctx.prisma, ctx.actor, input.id)),
    mute: nocProcedure
      .input(ZAlertRuleMuteSchema)
      .mutation(({ ctx, input }) => muteAlertRule(ctx.prisma, ctx.actor, input)),
  }),
  deliveries: nocProcedure
    .input(ZAlertDeliveriesSchema)
    .query(({ ctx, input }) => listAlertDeliveries(ctx.prisma, input)),
  webhooks: router({
    list: adminProcedure.query(({ ctx }) => listAlertWebhooks(ctx.prisma)),
    create: adminProcedure
      .input(ZAlertWebhookInputSchema)
      .mutation(({ ctx, input }) => createAlertWebhook(ctx.prisma, webhookKeyring(ctx), ctx.actor, input)),
    update: adminProcedure
      .input(ZAlertWebhookUpdateSchema)
      .mutation(({ ctx, input }) => updateAlertWebhook(ctx.prisma, ctx.actor, input)),
    delete: adminProcedure
      .input(ZAlertRuleIdSchema)
      .mutation(({ ctx, input }) => deleteAlertWebhook(ctx.prisma, ctx.actor, input.id)),
  }),
});
