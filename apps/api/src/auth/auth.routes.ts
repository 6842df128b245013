import { CLIENT_ADDRESS_HEADER, type TLoginRateLimited } from '@keten/contracts/console-channel';
import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../deps';
import { KetenError } from '../lib/errors';
import { sendInvalidInput, sendKetenError, sendProblem } from '../lib/problem';
import { ZLoginSchema } from './auth.schema';
import { login, RateLimitedError } from './auth.service';
import { loginClientAddress } from './client-address';
import { decodeSessionToken, sessionTokenFromCookieHeader } from './session';
import { revokeSession } from './session-revocation';

/**
 * Called by the console's next-auth (server to server): credentials, and the end of a session. Sign-in serves
 * only the console (a signed client-address header): anyone else gets 403 before any password is checked.
 */
export function registerAuthRoutes(app: FastifyInstance, deps: TDeps) {
  app.post('/auth/login', async (request, reply) => {
    const parsed = ZLoginSchema.safeParse(request.body);
    if (!parsed.success) return sendInvalidInput(reply, parsed.error);
    const address = loginClientAddress(request, deps.sessionSecret, parsed.data.email);
    if (typeof address !== 'string') {
      return sendProblem(reply, 403, {
        code: 'CONSOLE_ONLY',
        message: `Operators sign in through the Keten console; this request is not from it: ${address.refused}.`,
        field: CLIENT_ADDRESS_HEADER,
      });
    }
    try {
      return await login(deps, parsed.data, address);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        return sendKetenError(reply, error, {
          retryAfterSeconds: error.retryAfterSeconds,
          limit: error.limit,
        } satisfies TLoginRateLimited);
      }
      if (error instanceof KetenError) return sendKetenError(reply, error);
      throw error;
    }
  });

  // Sign-out ends the session here and now, not only in the browser: any copy of its cookie is refused from
  // the next request on. Called by the console's next-auth signOut event; answers 204 whether or not the
  // cookie held a live session (there is nothing to tell a caller without one).
  app.post('/auth/sign-out', async (request, reply) => {
    const claims = await decodeSessionToken(
      sessionTokenFromCookieHeader(request.headers.cookie),
      deps.sessionSecret,
    );
    if (claims) await revokeSession(deps.prisma, claims);
    return reply.status(204).send();
  });
}
