import { zId } from '@keten/contracts';
import { z } from 'zod';

export {
  type TDeviceAssignInput,
  type TDeviceIdInput,
  type TDeviceListInput,
  type TSubscriberCreateInput,
  type TSubscriberImportInput,
  type TSubscriberListInput,
  type TSubscriberUpdateInput,
  type TSubscriptionAddInput,
  type TSubscriptionEndInput,
  type TSupportSearchInput,
  ZDeviceAssignSchema,
  ZDeviceIdSchema,
  ZDeviceListSchema,
  ZSubscriberCreateSchema,
  ZSubscriberImportSchema,
  ZSubscriberListSchema,
  ZSubscriberUpdateSchema,
  ZSubscriptionAddSchema,
  ZSubscriptionEndSchema,
  ZSupportSearchSchema,
} from '@keten/contracts';

export const ZSubscriberIdSchema = z.object({ id: zId() });
export type TSubscriberIdInput = z.infer<typeof ZSubscriberIdSchema>;
