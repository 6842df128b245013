import { timingSafeEqual } from 'node:crypto';
import type { TActivateInput, TDeviceTokenPair } from '@keten/contracts';
import type { Prisma } from '@keten/db/client';
import type { TDeps } from '../deps';
import { KetenError } from '../lib/errors';
import { announceRevocations, restoreMedia } from '../playback/revocations';
import { deviceConfig } from './config';
import { deviceRowChanged } from './device-row-cache';
import { mintTokenPair } from './tokens.service';

const sameSecret = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

const refused = (field: string) =>
  new KetenError('ACTIVATION_REFUSED', 'This box cannot be activated with these details.', field);

/** Which device the request names, or a refusal that does not reveal which part was wrong. */
function deviceWhere(deps: TDeps, input: TActivateInput): { where: Prisma.DeviceWhereInput; field: string } {
  if ('activationCode' in input) {
    const code = input.activationCode.includes('-')
      ? input.activationCode
      : `${input.activationCode.slice(0, 4)}-${input.activationCode.slice(4)}`;
    return { where: { activationCode: code }, field: 'activationCode' };
  }
  const secret = deviceConfig(deps).provisioningSecret;
  if (!secret || !sameSecret(secret, input.provisioningSecret)) throw refused('provisioningSecret');
  // A revoked box needs a fresh code from support; the factory secret alone does not bring it back.
  return { where: { serial: input.serial, mac: input.mac, tokenState: { not: 'REVOKED' } }, field: 'serial' };
}

/** Activates an assigned box: ACTIVE, code consumed, a new token version, and a first token pair. */
export async function activateDevice(
  deps: TDeps,
  input: TActivateInput,
  ip: string,
): Promise<TDeviceTokenPair> {
  // Before anything is written: without a token secret the code would be spent on a box that gets no tokens.
  deviceConfig(deps);
  const { where, field } = deviceWhere(deps, input);
  let wasRevoked = false;
  const device = await deps.prisma.$transaction(async (tx) => {
    const before = await tx.device.findFirst({
      where: { ...where, subscriberId: { not: null }, status: { in: ['PENDING_ACTIVATION', 'ACTIVE'] } },
      select: {
        id: true,
        serial: true,
        status: true,
        tokenState: true,
        tokenVersion: true,
        activationCode: true,
      },
    });
    if (!before) throw refused(field);
    // Conditional on the version read: two boxes racing with one code cannot both win.
    const won = await tx.device.updateMany({
      where: { id: before.id, tokenVersion: before.tokenVersion },
      data: {
        status: 'ACTIVE',
        tokenState: 'ACTIVE',
        activationCode: null,
        tokenVersion: { increment: 1 },
        lastSeenAt: new Date(),
      },
    });
    if (won.count !== 1) throw refused(field);
    const after = await tx.device.findUniqueOrThrow({
      where: { id: before.id },
      select: {
        id: true,
        status: true,
        tokenState: true,
        tokenVersion: true,
        subscriberId: true,
        boxModel: { select: { code: true } },
        firmwareVersion: { select: { version: true } },
      },
    });
    // The box is the actor here, not an operator: the audit names it by serial.
    await tx.auditEntry.create({
      data: {
        actorEmail: `device:${before.serial}`,
        ip,
        action: 'device.activate',
        entityType: 'Device',
        entityId: before.id,
        before: { status: before.status, tokenState: before.tokenState, tokenVersion: before.tokenVersion },
        after: {
          status: after.status,
          tokenState: after.tokenState,
          tokenVersion: after.tokenVersion,
          via: field,
        },
      },
    });
    // A revoked or moved box plays again (its media URLs included); a no-op for a box that was never listed.
    await restoreMedia(deps, before.id);
    wasRevoked = before.tokenState === 'REVOKED';
    return after;
  });
  // Tokens of the version before stop at once in this process (elsewhere when PostgreSQL's notification arrives).
  deviceRowChanged(device.id);
  // Replicas that re-read the list before the commit still saw the box REVOKED in PostgreSQL: tell them again.
  if (wasRevoked) await announceRevocations(deps).catch(() => {});
  return mintTokenPair(deps, {
    deviceId: device.id,
    subscriberId: device.subscriberId ?? '',
    boxModel: device.boxModel.code,
    firmware: device.firmwareVersion?.version ?? null,
    tokenVersion: device.tokenVersion,
  });
}
