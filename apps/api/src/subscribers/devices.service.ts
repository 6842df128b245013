import { randomInt } from 'node:crypto';
import type { TListPage } from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { deviceRowChanged } from '../device-api/device-row-cache';
import { KetenError } from '../lib/errors';
import { likeEscape } from '../lib/like';
import { revokeMedia, type TRevocationStores } from '../playback/revocations';
import { macFragments } from './mac-fragments';
import type { TDeviceAssignInput, TDeviceIdInput, TDeviceListInput } from './subscribers.schema';

const deviceFields = {
  id: true,
  serial: true,
  mac: true,
  status: true,
  tokenState: true,
  tokenVersion: true,
  activationCode: true,
  appVersion: true,
  lastSeenAt: true,
  region: true,
  playerTokenHint: true,
  playerTokenIssuedAt: true,
  createdAt: true,
  boxModel: { select: { id: true, code: true, vendor: true, name: true } },
  firmwareVersion: { select: { id: true, version: true } },
  subscriber: { select: { id: true, accountNumber: true, name: true } },
} satisfies Prisma.DeviceSelect;

export type TDevice = Prisma.DeviceGetPayload<{ select: typeof deviceFields }>;

/** Revoking or moving a box ends its player URLs (device-api/README.md): support issues new ones if it plays again. */
const NO_PLAYER_URLS = { playerTokenHash: null, playerTokenHint: null, playerTokenIssuedAt: null };

// Read without letters or digits people confuse (0/O, 1/I): codes are read aloud over the phone.
export const ACTIVATION_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newActivationCode(): string {
  const pick = () => ACTIVATION_ALPHABET[randomInt(ACTIVATION_ALPHABET.length)];
  const half = () => Array.from({ length: 4 }, pick).join('');
  return `${half()}-${half()}`;
}

/** The audit keeps that a code exists, not the code itself. */
const audited = (device: TDevice) => ({
  ...device,
  activationCode: device.activationCode ? `****-${device.activationCode.slice(-4)}` : null,
});

export async function listDevices(
  prisma: PrismaClient,
  input: TDeviceListInput,
): Promise<TListPage<TDevice>> {
  const q = input.q?.trim();
  const where: Prisma.DeviceWhereInput = {
    status: input.status,
    tokenState: input.tokenState,
    subscriberId: input.subscriberId,
    OR: q
      ? [
          { serial: { contains: likeEscape(q), mode: 'insensitive' } },
          // A MAC fragment only where it fits the octets: "00:00:1a" never finds "…:00:01:a7".
          ...macFragments(q).flatMap(({ text, octetStart }): Prisma.DeviceWhereInput[] =>
            octetStart
              ? [{ mac: { startsWith: text } }, { mac: { contains: `:${text}` } }]
              : [{ mac: { contains: text } }],
          ),
        ]
      : undefined,
  };
  const sort = input.sort ?? 'serial';
  const [total, items] = await Promise.all([
    prisma.device.count({ where }),
    prisma.device.findMany({
      where,
      orderBy: [{ [sort]: input.dir }, { id: 'asc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: deviceFields,
    }),
  ]);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

export async function getDevice(prisma: PrismaClient, input: TDeviceIdInput) {
  const device = await prisma.device.findUnique({ where: { id: input.deviceId }, select: deviceFields });
  if (!device) throw new KetenError('NOT_FOUND', 'No device with this id.', 'deviceId');
  return device;
}

/** One audited change of a box, in one transaction: before, the change, the audit entry, then `alsoDo`. */
export async function changeDevice(
  prisma: PrismaClient,
  actor: TActor,
  deviceId: string,
  action: string,
  change: (tx: Prisma.TransactionClient, before: TDevice) => Promise<Prisma.DeviceUpdateInput>,
  /** Last step inside the transaction: if it throws, nothing of the change is kept. */
  alsoDo?: (after: TDevice) => Promise<void>,
) {
  const changed = await prisma.$transaction(async (tx) => {
    const before = await tx.device.findUnique({ where: { id: deviceId }, select: deviceFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No device with this id.', 'deviceId');
    const data = await change(tx, before);
    const after = await tx.device.update({ where: { id: deviceId }, data, select: deviceFields });
    await recordAudit(tx, actor, {
      action,
      entityType: 'Device',
      entityId: deviceId,
      before: audited(before),
      after: audited(after),
    });
    await alsoDo?.(after);
    return after;
  });
  // This process's /v1 calls see the change at once (other processes when PostgreSQL's notification arrives).
  deviceRowChanged(deviceId);
  return changed;
}

/**
 * Gives a box to a subscriber; a box from stock then waits for activation. A box taken from another subscriber
 * is listed for the media origin (revokeMedia), so URLs signed while it was theirs stop; its tokens already stop
 * (they name the old subscriber), and activating it for the new one lifts the listing. Redis unreachable:
 * such a move fails whole.
 */
export function assignDevice(
  stores: TRevocationStores & { prisma: PrismaClient },
  actor: TActor,
  input: TDeviceAssignInput,
) {
  let movedWithTokens = false;
  return changeDevice(
    stores.prisma,
    actor,
    input.deviceId,
    'device.assign',
    async (tx, before) => {
      const subscriber = await tx.subscriber.findUnique({ where: { accountNumber: input.accountNumber } });
      if (!subscriber)
        throw new KetenError('NOT_FOUND', 'No subscriber with this account number.', 'accountNumber');
      if (subscriber.status === 'CANCELLED') {
        throw new KetenError(
          'CONFLICT',
          'This subscriber is cancelled; a box cannot be assigned.',
          'accountNumber',
        );
      }
      // A box that never held a token holds no media URL either.
      const moved = before.subscriber !== null && before.subscriber.id !== subscriber.id;
      movedWithTokens = moved && before.tokenState !== 'NONE';
      return {
        ...(moved ? NO_PLAYER_URLS : {}),
        subscriber: { connect: { id: subscriber.id } },
        region: subscriber.region,
        status:
          before.status === 'IN_STOCK' || before.status === 'RETIRED' ? 'PENDING_ACTIVATION' : before.status,
      };
    },
    async () => {
      if (movedWithTokens) await revokeMedia(stores, input.deviceId);
    },
  );
}

/** A fresh, unique activation code (the schema has no expiry: a new code replaces the old one). */
export async function issueActivationCode(prisma: PrismaClient, actor: TActor, input: TDeviceIdInput) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await changeDevice(
        prisma,
        actor,
        input.deviceId,
        'device.activation-code',
        async (_tx, before) => {
          if (!before.subscriber) {
            throw new KetenError(
              'CONFLICT',
              'Assign the box to a subscriber before issuing a code.',
              'deviceId',
            );
          }
          return { activationCode: newActivationCode() };
        },
      );
    } catch (error) {
      // 32^8 codes: a clash is rare, and retrying with a new code resolves it.
      const clash = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
      if (!clash || attempt >= 4) throw error;
    }
  }
}

/**
 * Revokes the box's token: REVOKED, and a new token version so every token minted before is refused; its player
 * URLs die with it; and lists it for the media origin, so URLs it already holds stop too. Redis unreachable: the
 * revoke fails whole.
 */
export function revokeDeviceToken(
  stores: TRevocationStores & { prisma: PrismaClient },
  actor: TActor,
  input: TDeviceIdInput,
) {
  return changeDevice(
    stores.prisma,
    actor,
    input.deviceId,
    'device.token-revoke',
    async () => ({ tokenState: 'REVOKED', tokenVersion: { increment: 1 }, ...NO_PLAYER_URLS }),
    () => revokeMedia(stores, input.deviceId),
  );
}
