import { ZRoleSchema } from '@keten/contracts';
import { connection } from 'next/server';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { z } from 'zod';
import { getAuthOptions } from './options';

const ZOperatorSessionSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string(),
  role: ZRoleSchema,
});

export type TOperatorSession = z.infer<typeof ZOperatorSessionSchema>;

/** The signed-in operator for a server component, or null; read once per request (layout and page share it). */
export const getOperatorSession = cache(async (): Promise<TOperatorSession | null> => {
  // Per request by nature: this also keeps `next build` from prerendering console pages (and needing secrets).
  await connection();
  const session = await getServerSession(getAuthOptions());
  const operator = ZOperatorSessionSchema.safeParse(session?.user);
  return operator.success ? operator.data : null;
});
