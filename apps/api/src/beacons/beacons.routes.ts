import { type TBeaconAccepted, ZBeaconBatchSchema } from '@keten/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RetryLaterError } from '../lib/errors';
import { invalidInput } from '../lib/problem';
import type { TBeaconDevice } from './beacon-device';
import type { TBeaconIngest } from './beacon-ingest';

const RETRY_AFTER_SECONDS = 1;
// 500 events of ~300 bytes each, with room to spare; below the server's 1 MiB.
const BODY_LIMIT_BYTES = 512 * 1024;

export interface TBeaconRouteOptions {
  ingest: Pick<TBeaconIngest, 'accept'>;
  /** `authenticateDevice` from device-api/device-auth.ts (tests stub it): the identity comes from the token; throws a KetenError to refuse. */
  authenticate: (request: FastifyRequest) => Promise<TBeaconDevice>;
  /** The device API's per-device limit (device-api/rate-limit.ts), so a runaway box gets 429 + Retry-After here too. */
  rateLimit?: (scope: FastifyInstance) => void;
}

/**
 * `POST /v1/beacons`: a plain Fastify route (tRPC costs ~4x the throughput here, DESIGN.md). Refusals are thrown
 * and answered by the server's one error handler (lib/http-errors.ts installErrorHandling).
 */
export function registerBeaconRoutes(app: FastifyInstance, options: TBeaconRouteOptions) {
  // Own scope, so the rate limit counts beacons apart from the other /v1 calls.
  app.register(async (scope) => {
    options.rateLimit?.(scope);
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
  const device = await authenticate(request);
  const parsed = ZBeaconBatchSchema.safeParse(request.body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const outcome = await ingest.accept(device, parsed.data.events);
  if (outcome === 'busy') {
    throw new RetryLaterError(
      'INGEST_BUSY',
      'Beacon queue is full; nothing from this batch was stored, send it again later.',
      RETRY_AFTER_SECONDS,
    );
  }
  return reply.status(202).send({ accepted: parsed.data.events.length } satisfies TBeaconAccepted);
}
