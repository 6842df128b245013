import { ZBeaconBatchSchema } from '@keten/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeviceProblem, sendDeviceProblem } from '../device-api/device-problem';
import { KetenError } from '../lib/errors';
import { sendInvalidInput, sendKetenError, sendProblem } from '../lib/problem';
import type { TBeaconDevice } from './beacon-device';
import type { TBeaconIngest } from './beacon-ingest';

const RETRY_AFTER_SECONDS = 1;

export interface TBeaconRouteOptions {
  ingest: Pick<TBeaconIngest, 'accept'>;
  /** `authenticateDevice` from device-api/device-auth.ts (tests stub it): the identity comes from the token. */
  authenticate: (request: FastifyRequest) => Promise<TBeaconDevice>;
}

/** `POST /v1/beacons`: a plain Fastify route (tRPC costs ~4x the throughput here, DESIGN.md). */
export function registerBeaconRoutes(app: FastifyInstance, { ingest, authenticate }: TBeaconRouteOptions) {
  app.post('/v1/beacons', { logLevel: 'warn' }, async (request, reply) => {
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
  });
}
