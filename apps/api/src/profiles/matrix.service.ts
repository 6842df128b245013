import { rungIncompatibility } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { boxModelCapabilityFields, roomToAggregate, type TEntitledModel } from './compatibility.service';
import { rungFields } from './profiles.service';

type TPackageEntitlement = TEntitledModel & { packageId: string };

// Per package and box model: the active subscribers with a running subscription, and their boxes.
async function entitlementsByPackage(prisma: PrismaClient) {
  return prisma.$transaction(async (tx) => {
    await roomToAggregate(tx);
    return tx.$queryRaw<TPackageEntitlement[]>`
    SELECT s.package_id AS "packageId", d.box_model_id AS "boxModelId",
           count(DISTINCT d.subscriber_id)::int AS subscribers, count(DISTINCT d.id)::int AS devices
    FROM subscriptions s
    JOIN subscribers sub ON sub.id = s.subscriber_id AND sub.status = 'ACTIVE'
    JOIN devices d ON d.subscriber_id = s.subscriber_id AND d.status <> 'RETIRED'
    WHERE s.starts_at <= now() AND (s.ends_at IS NULL OR s.ends_at > now())
    GROUP BY s.package_id, d.box_model_id`;
  });
}

/**
 * Package → channels → pinned profile version → rungs, against every box model entitled to the
 * package: which rungs each model can play, with the cells where it can play none flagged.
 */
export async function compatibilityMatrix(prisma: PrismaClient) {
  const [boxModels, packages, entitlements] = await Promise.all([
    prisma.boxModel.findMany({
      orderBy: [{ vendor: 'asc' }, { name: 'asc' }],
      select: boxModelCapabilityFields,
    }),
    prisma.package.findMany({
      orderBy: [{ kind: 'asc' }, { code: 'asc' }],
      select: {
        id: true,
        code: true,
        name: true,
        kind: true,
        channels: {
          where: { channel: { state: { not: 'DISABLED' } } },
          select: {
            channel: {
              select: {
                id: true,
                lcn: true,
                name: true,
                encodingProfileVersion: {
                  select: {
                    id: true,
                    version: true,
                    profile: { select: { id: true, code: true, name: true } },
                    rungs: { select: rungFields, orderBy: { ordinal: 'asc' } },
                  },
                },
              },
            },
          },
        },
      },
    }),
    entitlementsByPackage(prisma),
  ]);
  const modelById = new Map(boxModels.map((m) => [m.id, m]));
  return {
    boxModels,
    packages: packages.map((pkg) => {
      const entitled = entitlements.filter((e) => e.packageId === pkg.id && modelById.has(e.boxModelId));
      const byVersion = new Map<
        string,
        {
          version: NonNullable<(typeof pkg.channels)[number]['channel']['encodingProfileVersion']>;
          channels: { id: string; lcn: number; name: string }[];
        }
      >();
      const unpinned: { id: string; lcn: number; name: string }[] = [];
      for (const { channel } of pkg.channels.sort((a, b) => a.channel.lcn - b.channel.lcn)) {
        const { encodingProfileVersion: version, ...summary } = channel;
        if (!version) {
          unpinned.push(summary);
          continue;
        }
        const group = byVersion.get(version.id) ?? { version, channels: [] };
        group.channels.push(summary);
        byVersion.set(version.id, group);
      }
      const profiles = [...byVersion.values()].map(({ version, channels }) => ({
        versionId: version.id,
        version: version.version,
        profile: version.profile,
        rungs: version.rungs,
        channels,
        cells: entitled.map((e) => {
          const box = modelById.get(e.boxModelId)!;
          const playable = version.rungs
            .filter((rung) => !rungIncompatibility(rung, box))
            .map((r) => r.ordinal);
          return { boxModelId: e.boxModelId, playable, subscribers: e.subscribers, devices: e.devices };
        }),
      }));
      return { id: pkg.id, code: pkg.code, name: pkg.name, kind: pkg.kind, entitled, profiles, unpinned };
    }),
  };
}
