import { canonicalEntityType, zId, zInstant, zText } from '@keten/contracts';
import { z } from 'zod';

export const ZAuditListSchema = z
  .object({
    limit: z.number().int().min(1).max(100).default(50),
    cursor: zId().optional(),
    /** Part of the actor's email or name, any case. */
    actor: zText(200).trim().min(1).optional(),
    /** Any case: "channel" finds the Channel entries (and the index still serves it). */
    entityType: zText(100).trim().min(1).transform(canonicalEntityType).optional(),
    entityId: zText(200).trim().min(1).optional(),
    from: zInstant().optional(),
    to: zInstant().optional(),
    /** Entries written by set-top boxes themselves (activations); the console leaves them out unless asked. */
    includeBoxes: z.boolean().default(true),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    message: 'must be after the start',
    path: ['to'],
  });
export type TAuditListInput = z.infer<typeof ZAuditListSchema>;
