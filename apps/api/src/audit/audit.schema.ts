import { z } from 'zod';

export const ZAuditListSchema = z
  .object({
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).optional(),
    actor: z.string().trim().min(1).max(200).optional(),
    entityType: z.string().trim().min(1).max(100).optional(),
    entityId: z.string().trim().min(1).max(200).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    message: 'must be after the start',
    path: ['to'],
  });
export type TAuditListInput = z.infer<typeof ZAuditListSchema>;
