import type { TRole } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';

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
