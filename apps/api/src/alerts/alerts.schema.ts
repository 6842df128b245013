// The console validates with the same schemas, so they live in @keten/contracts; this file names them for the API.
import type {
  ZAlertAckSchema,
  ZAlertDeliveriesSchema,
  ZAlertListSchema,
  ZAlertRuleInputSchema,
  ZAlertRuleMuteSchema,
  ZAlertRuleUpdateSchema,
  ZAlertTimelineSchema,
  ZAlertWebhookInputSchema,
  ZAlertWebhookUpdateSchema,
} from '@keten/contracts';
import type { z } from 'zod';

export {
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
} from '@keten/contracts';

export type TAlertRuleCreate = z.output<typeof ZAlertRuleInputSchema>;
export type TAlertRuleUpdate = z.output<typeof ZAlertRuleUpdateSchema>;
export type TAlertRuleMute = z.output<typeof ZAlertRuleMuteSchema>;
export type TAlertAck = z.output<typeof ZAlertAckSchema>;
export type TAlertList = z.output<typeof ZAlertListSchema>;
export type TAlertTimeline = z.output<typeof ZAlertTimelineSchema>;
export type TAlertWebhookCreate = z.output<typeof ZAlertWebhookInputSchema>;
export type TAlertWebhookUpdate = z.output<typeof ZAlertWebhookUpdateSchema>;
export type TAlertDeliveries = z.output<typeof ZAlertDeliveriesSchema>;
