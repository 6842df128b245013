import type { TRole } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';

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

/** The figures each role's home page opens with; the audit trail only for administrators. */
export async function homeSummary(prisma: PrismaClient, role: TRole) {
  const [
    channels,
    liveChannels,
    subscribers,
    activeSubscribers,
    devices,
    boxModels,
    firmwareVersions,
    packages,
    encodingProfiles,
    programmes,
    operators,
  ] = await Promise.all([
    prisma.channel.count(),
    prisma.channel.count({ where: { state: 'LIVE' } }),
    prisma.subscriber.count(),
    prisma.subscriber.count({ where: { status: 'ACTIVE' } }),
    prisma.device.count(),
    prisma.boxModel.count(),
    prisma.firmwareVersion.count(),
    prisma.package.count(),
    prisma.encodingProfile.count(),
    prisma.programme.count(),
    prisma.operator.count({ where: { disabled: false } }),
  ]);
  const recentAudit =
    role === 'ADMIN'
      ? await prisma.auditEntry.findMany({
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          take: 10,
          select: { id: true, at: true, actorEmail: true, action: true, entityType: true, entityId: true },
        })
      : [];
  return {
    role,
    firmwareShare: role === 'PRODUCT' || role === 'ADMIN' ? await firmwareShare(prisma) : [],
    counts: {
      channels,
      liveChannels,
      subscribers,
      activeSubscribers,
      devices,
      boxModels,
      firmwareVersions,
      packages,
      encodingProfiles,
      programmes,
      operators,
    },
    recentAudit,
  };
}
