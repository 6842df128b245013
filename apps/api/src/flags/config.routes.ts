import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../deps';
import { authenticateDevice } from '../device-api/device-auth';
import { REVALIDATE, sendCached } from '../device-api/http-cache';
import { deviceConfig } from './config.service';

/**
 * GET /v1/config: the box's central configuration and flags. Revalidated on every poll (no-cache + ETag): a
 * 304 is cheap, and a saved change reaches the box on its next poll, not after a max-age.
 */
export function registerConfigRoute(app: FastifyInstance, deps: TDeps) {
  app.get('/config', async (request, reply) => {
    // The revocation check's row carries the subscriber's region and packages (kept in memory, device-row-cache.ts).
    const identity = await authenticateDevice(request);
    // Model and firmware from the verified token, region (the box's own, else its subscriber's) and packages from rows.
    const body = await deviceConfig(
      deps.prisma,
      {
        id: identity.deviceId,
        boxModel: identity.boxModel,
        firmware: identity.firmware,
        appVersion: identity.appVersion,
        region: identity.region ?? identity.row.subscriberRegion,
        packages: identity.row.packages,
      },
      identity.subscriberId,
    );
    return sendCached(request, reply, JSON.stringify(body), 'application/json; charset=utf-8', REVALIDATE);
  });
}
