import { ZRoleSchema } from '@keten/contracts';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { cache } from 'react';
import { z } from 'zod';
import { serverEnv } from '../env';

const ZOperatorSessionSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string(),
  role: ZRoleSchema,
});

export type TOperatorSession = z.infer<typeof ZOperatorSessionSchema>;

const ZMeAnswerSchema = z.object({ result: z.object({ data: z.object({ json: ZOperatorSessionSchema }) }) });

/**
 * The signed-in operator for a server component, or null; read once per request (layout and page share it).
 * apps/api answers (me.get with this request's cookie), not the cookie alone: a signed-out, disabled or
 * otherwise ended session reads as signed out here too, and a role change shows at once.
 */
export const getOperatorSession = cache(async (): Promise<TOperatorSession | null> => {
  // Per request by nature: this also keeps `next build` from prerendering console pages (and needing secrets).
  await connection();
  const cookie = (await headers()).get('cookie');
  if (!cookie) return null;
  const res = await fetch(new URL('/trpc/me.get', serverEnv().API_INTERNAL_URL), {
    headers: { cookie },
    cache: 'no-store',
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status === 401) return null;
  const answer = ZMeAnswerSchema.safeParse(res.ok ? await res.json().catch(() => null) : null);
  if (!answer.success)
    throw new Error(`apps/api answered ${res.status} to me.get; the console cannot tell who is signed in`);
  return answer.data.result.data.json;
});
