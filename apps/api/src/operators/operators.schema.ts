import { ZRoleSchema } from '@keten/contracts';
import { z } from 'zod';

export const ZOperatorCreateSchema = z.object({
  email: z.email('must be an email address').trim().toLowerCase(),
  name: z.string().trim().min(1, 'is required').max(120),
  role: ZRoleSchema,
  password: z.string().min(12, 'must be at least 12 characters').max(200),
});
export type TOperatorCreateInput = z.infer<typeof ZOperatorCreateSchema>;

export const ZOperatorUpdateSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'is required').max(120).optional(),
  role: ZRoleSchema.optional(),
  disabled: z.boolean().optional(),
});
export type TOperatorUpdateInput = z.infer<typeof ZOperatorUpdateSchema>;
