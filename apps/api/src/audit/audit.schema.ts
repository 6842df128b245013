import { zId, zInstant, zText } from '@keten/contracts';
import { z } from 'zod';

export const ZAuditListSchema = z
  .object({
    limit: z.number().int().min(1).max(100).default(50),
    cursor: zId().optional(),
    actor: zText(200).trim().min(1).optional(),
    entityType: zText(100).trim().min(1).optional(),
    entityId: zText(200).trim().min(1).optional(),
    from: zInstant().optional(),
    to: zInstant().optional(),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    message: 'must be after the start',
    path: ['to'],
  });
export type TAuditListInput = z.infer<typeof ZAuditListSchema>;
