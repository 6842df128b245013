import { ZRoleSchema, zId, zText } from '@keten/contracts';
import { z } from 'zod';

export const ZOperatorCreateSchema = z.object({
  email: z.email('must be an email address').trim().toLowerCase(),
  name: zText(120).trim().min(1, 'is required'),
  role: ZRoleSchema,
  password: z.string().min(12, 'must be at least 12 characters').max(200),
});
export type TOperatorCreateInput = z.infer<typeof ZOperatorCreateSchema>;

export const ZOperatorUpdateSchema = z.object({
  id: zId(),
  name: zText(120).trim().min(1, 'is required').optional(),
  role: ZRoleSchema.optional(),
  disabled: z.boolean().optional(),
});
export type TOperatorUpdateInput = z.infer<typeof ZOperatorUpdateSchema>;
