import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../deps';
import { verifyAccessToken } from '../device-api/access-token';
import { deviceConfig as deviceApiConfig } from '../device-api/config';
import { authenticateDevice, bearerToken } from '../device-api/device-auth';
import { REVALIDATE, sendCached } from '../device-api/http-cache';
import { deviceConfig } from './config.service';
import { subscriberFacts } from './fleet';

/**
 * GET /v1/config: the box's central configuration and flags. Revalidated on every poll (no-cache + ETag): a
 * 304 is cheap, and a saved change reaches the box on its next poll, not after a max-age.
 */
export function registerConfigRoute(app: FastifyInstance, deps: TDeps) {
  app.get('/config', async (request, reply) => {
    // The subscriber's facts are read beside the revocation check, not after it: one round trip less per poll.
    // Both need a token that verifies; a refused one fails the whole call with authenticateDevice's answer.
    const facts = (async () => {
      const claims = await verifyAccessToken(bearerToken(request) ?? '', deviceApiConfig(deps).tokenSecret);
      return subscriberFacts(deps.prisma, claims.subscriberId);
    })();
    facts.catch(() => {});
    const identity = await authenticateDevice(request);
    // Model and firmware from the verified token, region (the box's own, else its subscriber's) and packages from rows.
    const { region, packages } = await facts;
    const body = await deviceConfig(
      deps.prisma,
      {
        id: identity.deviceId,
        boxModel: identity.boxModel,
        firmware: identity.firmware,
        appVersion: identity.appVersion,
        region: identity.region ?? region,
        packages,
      },
      identity.subscriberId,
    );
    return sendCached(request, reply, JSON.stringify(body), 'application/json; charset=utf-8', REVALIDATE);
  });
}
