import type { FastifyInstance } from 'fastify';
import { KetenError } from '../lib/errors';
import { sendInvalidInput, sendKetenError } from '../lib/problem';
import type { TDeps } from '../trpc/context';
import { ZLoginSchema } from './auth.schema';
import { login, RateLimitedError } from './auth.service';
import { loginClientAddress } from './client-address';

/** Called by the console's next-auth credentials provider (server to server). */
export function registerAuthRoutes(app: FastifyInstance, deps: TDeps) {
  app.post('/auth/login', async (request, reply) => {
    const parsed = ZLoginSchema.safeParse(request.body);
    if (!parsed.success) return sendInvalidInput(reply, parsed.error);
    const address = loginClientAddress(request, deps.sessionSecret, parsed.data.email);
    try {
      return await login(deps, parsed.data, address);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        return sendKetenError(reply, error, { retryAfterSeconds: error.retryAfterSeconds });
      }
      if (error instanceof KetenError) return sendKetenError(reply, error);
      throw error;
    }
  });
}
