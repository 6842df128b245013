import { ZFirmwareReportSchema } from '@keten/contracts';
import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../deps';
import { verifyAccessToken } from '../device-api/access-token';
import { deviceConfig } from '../device-api/config';
import { authenticateDevice, bearerToken } from '../device-api/device-auth';
import { subscriberFacts } from '../flags/fleet';
import { invalidInput } from '../lib/problem';
import { firmwareTarget, reportFirmware } from './firmware.service';

/**
 * GET /v1/firmware: 200 with the image to install, or 204 to stay. POST /v1/firmware/report: the version the box runs
 * now; 200 with a fresh access token carrying it. Bearer token like the rest of /v1 (../device-api/README.md).
 */
export function registerFirmwareRoutes(app: FastifyInstance, deps: TDeps) {
  app.get('/firmware', async (request, reply) => {
    const identity = await authenticateDevice(request);
    // The installed version from the row, not the token: a box that reported and kept its old token is not
    // offered again what it already runs.
    const [{ region, packages }, row] = await Promise.all([
      subscriberFacts(deps.prisma, identity.subscriberId),
      deps.prisma.device.findUnique({
        where: { id: identity.deviceId },
        select: { firmwareVersion: { select: { version: true } } },
      }),
    ]);
    const target = await firmwareTarget(deps.prisma, {
      id: identity.deviceId,
      boxModel: identity.boxModel,
      firmware: row?.firmwareVersion?.version ?? identity.firmware,
      appVersion: identity.appVersion,
      region: identity.region ?? region,
      packages,
    });
    reply.header('cache-control', 'private, no-store');
    if (!target) return reply.code(204).send();
    return reply.code(200).send(target);
  });

  app.post('/firmware/report', async (request, reply) => {
    await authenticateDevice(request);
    const { tokenSecret } = deviceConfig(deps);
    const claims = await verifyAccessToken(bearerToken(request) ?? '', tokenSecret);
    const parsed = ZFirmwareReportSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);
    reply.header('cache-control', 'no-store');
    return reply.code(200).send(await reportFirmware(deps.prisma, claims, parsed.data.version, tokenSecret));
  });
}
