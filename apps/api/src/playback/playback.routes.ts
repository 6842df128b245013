import { ZPlayParamsSchema } from '@keten/contracts';
import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../deps';
import { deviceOf, requireDevice } from '../device-api/device-auth';
import { KetenError } from '../lib/errors';
import { invalidInput } from '../lib/problem';
import { authorizePlay } from './playback.service';
import { refreshStream, releaseStream, streamTtlMs } from './stream-registry';

/** POST /play/:channelId (+ heartbeat, stop), registered inside the /v1 scope so the device rate limit applies. */
export function registerPlayRoutes(app: FastifyInstance, deps: TDeps) {
  app.post('/play/heartbeat', { preHandler: requireDevice }, async (request, reply) => {
    const { subscriberId, deviceId } = deviceOf(request);
    if (await refreshStream(deps, subscriberId, deviceId, { ttlMs: streamTtlMs(deps) }))
      return reply.code(204).send();
    // The slot lapsed (missed heartbeats): the box must ask again, which re-checks the limit.
    throw new KetenError('CONCURRENCY_LIMIT', 'No active stream; POST /v1/play again.');
  });

  app.post('/play/stop', { preHandler: requireDevice }, async (request, reply) => {
    const { subscriberId, deviceId } = deviceOf(request);
    await releaseStream(deps, subscriberId, deviceId);
    return reply.code(204).send();
  });

  app.post('/play/:channelId', { preHandler: requireDevice }, async (request) => {
    const params = ZPlayParamsSchema.safeParse(request.params);
    if (!params.success) throw invalidInput(params.error);
    // A KetenError thrown here becomes problem+json in the server's one error handler (lib/http-errors.ts).
    return authorizePlay(deps, deviceOf(request), params.data.channelId);
  });
}
