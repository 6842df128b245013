import type { TRole } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { listAuditEntries } from '../audit/audit.query';

/** Devices per firmware version, per box model: what a product manager checks before a rollout. */
async function firmwareShare(prisma: PrismaClient) {
  const [groups, versions] = await Promise.all([
    prisma.device.groupBy({ by: ['firmwareVersionId'], _count: { _all: true }, where: { status: 'ACTIVE' } }),
    prisma.firmwareVersion.findMany({
      select: { id: true, version: true, boxModel: { select: { name: true } } },
    }),
  ]);
  const devices = new Map(groups.map((group) => [group.firmwareVersionId, group._count._all]));
  return versions
    .map((v) => ({ boxModel: v.boxModel.name, firmware: v.version, devices: devices.get(v.id) ?? 0 }))
    .sort(
      (a, b) =>
        a.boxModel.localeCompare(b.boxModel) || a.firmware.localeCompare(b.firmware, 'en', { numeric: true }),
    );
}

// Each figure once, by name: adding a card means adding one line here.
const COUNTS = {
  channels: (prisma: PrismaClient) => prisma.channel.count(),
  liveChannels: (prisma: PrismaClient) => prisma.channel.count({ where: { state: 'LIVE' } }),
  subscribers: (prisma: PrismaClient) => prisma.subscriber.count(),
  activeSubscribers: (prisma: PrismaClient) => prisma.subscriber.count({ where: { status: 'ACTIVE' } }),
  devices: (prisma: PrismaClient) => prisma.device.count(),
  boxModels: (prisma: PrismaClient) => prisma.boxModel.count(),
  firmwareVersions: (prisma: PrismaClient) => prisma.firmwareVersion.count(),
  packages: (prisma: PrismaClient) => prisma.package.count(),
  encodingProfiles: (prisma: PrismaClient) => prisma.encodingProfile.count(),
  programmes: (prisma: PrismaClient) => prisma.programme.count(),
  operators: (prisma: PrismaClient) => prisma.operator.count({ where: { disabled: false } }),
} as const;

async function countAll(prisma: PrismaClient): Promise<Record<keyof typeof COUNTS, number>> {
  const entries = await Promise.all(
    Object.entries(COUNTS).map(async ([name, count]) => [name, await count(prisma)] as const),
  );
  return Object.fromEntries(entries) as Record<keyof typeof COUNTS, number>;
}

/**
 * The administrator's latest changes as the audit log shows them by default: operators' and the system's, named
 * (audit.names.ts); set-top boxes' own activations, thousands a day with a fleet, are left to the audit page.
 */
async function recentChanges(prisma: PrismaClient) {
  const { items } = await listAuditEntries(prisma, { limit: 10, includeBoxes: false });
  return items.map(({ id, at, action, entityType, entityId, actor, entity }) => ({
    id,
    at,
    action,
    entityType,
    entityId,
    actor,
    entity,
  }));
}

/** The figures each role's home page opens with; the audit trail only for administrators. */
export async function homeSummary(prisma: PrismaClient, role: TRole) {
  return {
    role,
    firmwareShare: role === 'PRODUCT' || role === 'ADMIN' ? await firmwareShare(prisma) : [],
    counts: await countAll(prisma),
    recentAudit: role === 'ADMIN' ? await recentChanges(prisma) : [],
  };
}
