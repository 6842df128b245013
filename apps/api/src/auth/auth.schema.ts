import { z } from 'zod';

export const ZLoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(200),
  ip: z.string().max(64).nullish(),
});
export type TLoginInput = z.infer<typeof ZLoginSchema>;
