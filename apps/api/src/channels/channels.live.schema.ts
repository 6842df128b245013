import { ZQcSettingsSchema, zId, zInstant } from '@keten/contracts';
import { z } from 'zod';

export const HEALTH_DEFAULT_WINDOW_MS = 6 * 3_600_000;
export const HEALTH_MAX_WINDOW_MS = 7 * 24 * 3_600_000;

/** channels.health: the ingest timeline covers [from, to); default the last 6 hours, at most 7 days. */
export const ZChannelHealthInputSchema = z
  .object({
    id: zId(),
    from: zInstant().optional(),
    to: zInstant().optional(),
  })
  .transform(({ id, from, to }) => {
    const end = to ?? new Date();
    return { id, to: end, from: from ?? new Date(end.getTime() - HEALTH_DEFAULT_WINDOW_MS) };
  })
  .refine((input) => input.to > input.from, { message: 'must be before to', path: ['from'] })
  .refine((input) => input.to.getTime() - input.from.getTime() <= HEALTH_MAX_WINDOW_MS, {
    message: 'the window can be at most 7 days',
    path: ['from'],
  });
export type TChannelHealthInput = z.output<typeof ZChannelHealthInputSchema>;

export const ZChannelIdInputSchema = z.object({ id: zId() });

export const ZSourceProbeInputSchema = z.object({ sourceId: zId() });

/** The whole set of thresholds (missing ones take their defaults); bad values name `settings.<field>`. */
export const ZQcUpdateInputSchema = z.object({
  id: zId(),
  settings: ZQcSettingsSchema,
});
export type TQcUpdateInput = z.output<typeof ZQcUpdateInputSchema>;
