// The console validates with the same schemas, so they live in @keten/contracts; this file names them for the API.
export {
  type TChannelCreateInput,
  type TChannelListInput,
  type TChannelSourceInput,
  type TChannelUpdateInput,
  ZChannelCreateSchema,
  ZChannelListSchema,
  ZChannelLogoSchema,
  ZChannelReachSchema,
  ZChannelSetStateSchema,
  ZChannelUpdateSchema,
} from '@keten/contracts';

import type {
  ZChannelCreateSchema,
  ZChannelListSchema,
  ZChannelLogoSchema,
  ZChannelSetStateSchema,
  ZChannelUpdateSchema,
} from '@keten/contracts';
import type { z } from 'zod';

export type TChannelCreate = z.output<typeof ZChannelCreateSchema>;
export type TChannelUpdate = z.output<typeof ZChannelUpdateSchema>;
export type TChannelList = z.output<typeof ZChannelListSchema>;
export type TChannelSetState = z.output<typeof ZChannelSetStateSchema>;
export type TChannelLogo = z.output<typeof ZChannelLogoSchema>;
