import { ZPlayParamsSchema } from '@keten/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { deviceOf, requireDevice } from '../device-api/device-auth';
import { DeviceProblem, sendDeviceProblem } from '../device-api/device-problem';
import { sendInvalidInput } from '../lib/problem';
import type { TDeps } from '../trpc/context';
import { registerMediaOrigin } from './media-origin';
import { authorizePlay } from './playback.service';
import { refreshStream, releaseStream } from './stream-registry';

const problems = async (reply: FastifyReply, work: () => Promise<unknown>) => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DeviceProblem) return sendDeviceProblem(reply, error);
    throw error;
  }
};

/** POST /v1/play/:channelId (+ heartbeat, stop) for boxes and the signed HLS origin under /media/{live,vod}. */
export function registerPlaybackRoutes(app: FastifyInstance, deps: TDeps) {
  registerMediaOrigin(app, deps);

  app.post('/v1/play/heartbeat', { preHandler: requireDevice }, async (request, reply) => {
    const { subscriberId, deviceId } = deviceOf(request);
    if (await refreshStream(deps.redis, subscriberId, deviceId)) return reply.code(204).send();
    // The slot lapsed (missed heartbeats): the box must ask again, which re-checks the limit.
    return sendDeviceProblem(
      reply,
      new DeviceProblem('CONCURRENCY_LIMIT', 'No active stream; POST /v1/play again.'),
    );
  });

  app.post('/v1/play/stop', { preHandler: requireDevice }, async (request, reply) => {
    const { subscriberId, deviceId } = deviceOf(request);
    await releaseStream(deps.redis, subscriberId, deviceId);
    return reply.code(204).send();
  });

  app.post('/v1/play/:channelId', { preHandler: requireDevice }, async (request, reply) => {
    const params = ZPlayParamsSchema.safeParse(request.params);
    if (!params.success) return sendInvalidInput(reply, params.error);
    return problems(reply, () => authorizePlay(deps, deviceOf(request), params.data.channelId));
  });
}
