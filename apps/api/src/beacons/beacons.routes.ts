import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import { ZBeaconBatchSchema } from '@keten/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DeviceProblem, sendDeviceProblem } from '../device-api/device-problem';
import { KetenError } from '../lib/errors';
import { sendInvalidInput, sendKetenError, sendProblem } from '../lib/problem';
import type { TBeaconDevice } from './beacon-device';
import type { TBeaconIngest } from './beacon-ingest';

const RETRY_AFTER_SECONDS = 1;
// 500 events of ~300 bytes each, with room to spare; below the server's 1 MiB.
const BODY_LIMIT_BYTES = 512 * 1024;

export interface TBeaconRouteOptions {
  ingest: Pick<TBeaconIngest, 'accept'>;
  /** `authenticateDevice` from device-api/device-auth.ts (tests stub it): the identity comes from the token. */
  authenticate: (request: FastifyRequest) => Promise<TBeaconDevice>;
  /** The device API's per-device limit (deviceRateLimit), so a runaway box gets 429 + Retry-After here too. */
  rateLimit?: RateLimitPluginOptions;
}

/** `POST /v1/beacons`: a plain Fastify route (tRPC costs ~4x the throughput here, DESIGN.md). */
export function registerBeaconRoutes(app: FastifyInstance, options: TBeaconRouteOptions) {
  // Own scope: its error handler turns Fastify's body errors (bad JSON, too large) into problem+json too.
  app.register(async (scope) => {
    if (options.rateLimit) await scope.register(rateLimit, options.rateLimit);
    scope.setErrorHandler((error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 429) return sendProblem(reply, 429, { code: 'RATE_LIMITED', message });
      return sendProblem(reply, status, { code: 'INVALID_INPUT', message, field: 'body' });
    });
    scope.post('/v1/beacons', { logLevel: 'warn', bodyLimit: BODY_LIMIT_BYTES }, (request, reply) =>
      handle(request, reply, options),
    );
  });
}

async function handle(
  request: FastifyRequest,
  reply: FastifyReply,
  { ingest, authenticate }: TBeaconRouteOptions,
) {
  let device: TBeaconDevice;
  try {
    device = await authenticate(request);
  } catch (error) {
    if (error instanceof DeviceProblem) return sendDeviceProblem(reply, error);
    if (error instanceof KetenError) return sendKetenError(reply, error);
    throw error;
  }
  const parsed = ZBeaconBatchSchema.safeParse(request.body);
  if (!parsed.success) return sendInvalidInput(reply, parsed.error);
  const outcome = await ingest.accept(device, parsed.data.events);
  if (outcome === 'busy') {
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return sendProblem(reply, 429, {
      code: 'INGEST_BUSY',
      message: 'Beacon queue is full; nothing from this batch was stored, send it again later.',
    });
  }
  return reply.status(202).send({ accepted: parsed.data.events.length });
}
