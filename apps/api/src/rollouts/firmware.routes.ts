import { ZFirmwareReportSchema } from '@keten/contracts';
import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../deps';
import { deviceConfig } from '../device-api/config';
import { authenticateDevice, verifiedClaims } from '../device-api/device-auth';
import { invalidInput } from '../lib/problem';
import { firmwareTarget, reportFirmware } from './firmware.service';

/**
 * GET /v1/firmware: 200 with the image to install, or 204 to stay. POST /v1/firmware/report: the version the box runs
 * now; 200 with a fresh access token carrying it. Bearer token like the rest of /v1 (../device-api/README.md).
 */
export function registerFirmwareRoutes(app: FastifyInstance, deps: TDeps) {
  app.get('/firmware', async (request, reply) => {
    // The revocation check's row carries the installed version and the subscriber's facts. The installed version
    // comes from the row, not the token: a box that reported and kept its old token is not offered again what it
    // already runs (a report changes the row, and PostgreSQL's notification drops the kept copy).
    const identity = await authenticateDevice(request);
    const target = await firmwareTarget(deps.prisma, {
      id: identity.deviceId,
      boxModel: identity.boxModel,
      firmware: identity.row.installedFirmware ?? identity.firmware,
      appVersion: identity.appVersion,
      region: identity.region ?? identity.row.subscriberRegion,
      packages: identity.row.packages,
    });
    reply.header('cache-control', 'private, no-store');
    if (!target) return reply.code(204).send();
    return reply.code(200).send(target);
  });

  app.post('/firmware/report', async (request, reply) => {
    await authenticateDevice(request);
    const { tokenSecret } = deviceConfig(deps);
    const claims = await verifiedClaims(request);
    const parsed = ZFirmwareReportSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);
    reply.header('cache-control', 'no-store');
    return reply.code(200).send(await reportFirmware(deps.prisma, claims, parsed.data.version, tokenSecret));
  });
}
