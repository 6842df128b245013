import { z } from 'zod';

/** The client address is not an input: the route takes it from the console's signed header or the socket. */
export const ZLoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(200),
});
export type TLoginInput = z.infer<typeof ZLoginSchema>;
