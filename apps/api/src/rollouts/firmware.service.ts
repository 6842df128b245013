import type { TFirmwareReported, TFirmwareTarget } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import type { TDeviceFacts } from '@keten/flags';
import { BOX_ACTOR_PREFIX } from '../audit/audit.names';
import { recordAudit } from '../audit/audit.service';
import { signAccessToken, type TAccessClaims } from '../device-api/access-token';
import { ACCESS_TOKEN_SECONDS } from '../device-api/config';
import { deviceRowChanged } from '../device-api/device-row-cache';
import { KetenError } from '../lib/errors';
import { modelRollouts } from './firmware.cache';
import { inPopulation, reachedPercent, reaches } from './rollouts.targeting';

/** How often a box asks /v1/firmware (the answer carries it; a 204 leaves the box's own schedule). */
export const FIRMWARE_POLL_SECONDS = 3600;

/**
 * What firmware the box should run, from the newest rollout of its box model that reaches it (cohort + its sticky
 * bucket under the highest started wave): RUNNING or COMPLETED → the rollout's version; ROLLED_BACK → the version
 * it returns boxes to; HALTED → stay where it is (no new installs while a halt is looked at). Null: stay.
 */
export async function firmwareTarget(
  prisma: PrismaClient,
  device: TDeviceFacts,
): Promise<TFirmwareTarget | null> {
  const rollouts = await modelRollouts(prisma, device.boxModel);
  const reaching = rollouts.find(
    ({ row, scope }) => inPopulation(scope, device) && reaches(row.id, device.id, reachedPercent(row.waves)),
  )?.row;
  if (!reaching || reaching.state === 'HALTED') return null;
  const rollback = reaching.state === 'ROLLED_BACK';
  const target = rollback ? reaching.rollbackFirmwareVersion : reaching.firmwareVersion;
  if (!target || target.version === device.firmware) return null;
  if (!target.imageUrl || !target.sha256 || target.sizeBytes === null) return null;
  return {
    action: 'install',
    reason: rollback ? 'rollback' : 'rollout',
    rolloutId: reaching.id,
    version: target.version,
    imageUrl: target.imageUrl,
    sha256: target.sha256,
    sizeBytes: Number(target.sizeBytes),
    notes: target.notes,
    pollAfterSeconds: FIRMWARE_POLL_SECONDS,
  };
}

/**
 * The box says which version it runs now. The device row follows (the console, /v1/config facts, the next refreshed
 * token), the report starts its wait for a first frame on that version (rollouts.confirm.ts), and the answer carries a
 * fresh access token whose firmware claim is the new version, so the beacons it sends from now on count for it.
 */
export async function reportFirmware(
  prisma: PrismaClient,
  claims: TAccessClaims,
  version: string,
  tokenSecret: string,
  now = new Date(),
): Promise<TFirmwareReported> {
  const firmware = await prisma.firmwareVersion.findFirst({
    where: { version, boxModel: { code: claims.boxModel } },
    select: { id: true, version: true },
  });
  if (!firmware)
    throw new KetenError(
      'INVALID_INPUT',
      `is not a firmware version of box model ${claims.boxModel}`,
      'version',
    );
  await prisma.$transaction(async (tx) => {
    const device = await tx.device.findUniqueOrThrow({
      where: { id: claims.deviceId },
      select: { serial: true, firmwareVersion: { select: { version: true } }, firmwareReport: true },
    });
    const same = device.firmwareReport?.firmwareVersionId === firmware.id;
    if (same && device.firmwareVersion?.version === firmware.version) return;
    await tx.device.update({ where: { id: claims.deviceId }, data: { firmwareVersionId: firmware.id } });
    if (!same)
      await tx.deviceFirmwareReport.upsert({
        where: { deviceId: claims.deviceId },
        create: { deviceId: claims.deviceId, firmwareVersionId: firmware.id, reportedAt: now },
        update: { firmwareVersionId: firmware.id, reportedAt: now, firstFrameAt: null },
      });
    await recordAudit(
      tx,
      { id: '', email: `${BOX_ACTOR_PREFIX}${device.serial}`, ip: null },
      {
        action: 'device.firmware-report',
        entityType: 'Device',
        entityId: claims.deviceId,
        before: { serial: device.serial, firmware: device.firmwareVersion?.version ?? null },
        after: { serial: device.serial, firmware: firmware.version },
      },
    );
  });
  deviceRowChanged(claims.deviceId);
  return {
    firmware: firmware.version,
    accessToken: await signAccessToken({ ...claims, firmware: firmware.version }, tokenSecret, now),
    expiresIn: ACCESS_TOKEN_SECONDS,
  };
}
