import type { Prisma, PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TLineupPreview, TPackageMembership } from './packages.schema';

async function membership(tx: Prisma.TransactionClient, packageId: string) {
  const rows = await tx.packageChannel.findMany({
    where: { packageId },
    select: { channel: { select: { id: true, lcn: true, name: true } } },
    orderBy: { channel: { lcn: 'asc' } },
  });
  return rows.map(({ channel }) => channel);
}

/** Bulk edit: many channels in and out of one package, as one change with one audit entry. */
export async function setPackageMembership(prisma: PrismaClient, actor: TActor, input: TPackageMembership) {
  const overlap = input.add.filter((id) => input.remove.includes(id));
  if (overlap.length) {
    throw new KetenError('INVALID_INPUT', 'A channel cannot be both added and removed.', 'remove');
  }
  return prisma.$transaction(async (tx) => {
    const pkg = await tx.package.findUnique({
      where: { id: input.packageId },
      select: { id: true, code: true },
    });
    if (!pkg) throw new KetenError('NOT_FOUND', 'No package with this id.', 'packageId');
    const add = [...new Set(input.add)];
    const found = await tx.channel.count({ where: { id: { in: add } } });
    if (found !== add.length) {
      throw new KetenError(
        'INVALID_INPUT',
        `${add.length - found} of the chosen channels no longer exist.`,
        'add',
      );
    }
    const before = await membership(tx, pkg.id);
    await tx.packageChannel.deleteMany({ where: { packageId: pkg.id, channelId: { in: input.remove } } });
    await tx.packageChannel.createMany({
      data: add.map((channelId) => ({ packageId: pkg.id, channelId })),
      skipDuplicates: true,
    });
    const after = await membership(tx, pkg.id);
    await recordAudit(tx, actor, {
      action: 'package.membership',
      entityType: 'Package',
      entityId: pkg.id,
      before: { code: pkg.code, channels: before },
      after: { code: pkg.code, channels: after },
    });
    const beforeIds = new Set(before.map((c) => c.id));
    const afterIds = new Set(after.map((c) => c.id));
    return {
      added: after.filter((c) => !beforeIds.has(c.id)).length,
      removed: before.filter((c) => !afterIds.has(c.id)).length,
      total: after.length,
    };
  });
}

/** What a subscriber with these packages would see: each channel once, in LCN order, with its packages. */
export async function previewLineup(prisma: PrismaClient, input: TLineupPreview) {
  const packages = await prisma.package.findMany({
    where: { id: { in: input.packageIds } },
    select: { id: true, code: true, name: true, kind: true },
  });
  const rows = await prisma.packageChannel.findMany({
    where: { packageId: { in: packages.map((p) => p.id) } },
    select: {
      packageId: true,
      channel: { select: { id: true, lcn: true, name: true, genre: true, state: true, logoPath: true } },
    },
  });
  const byChannel = new Map<string, { channel: (typeof rows)[number]['channel']; packageIds: string[] }>();
  for (const row of rows) {
    const entry = byChannel.get(row.channel.id) ?? { channel: row.channel, packageIds: [] };
    entry.packageIds.push(row.packageId);
    byChannel.set(row.channel.id, entry);
  }
  const order = new Map(packages.map((p) => [p.id, p]));
  const channels = [...byChannel.values()]
    .sort((a, b) => a.channel.lcn - b.channel.lcn)
    .map(({ channel, packageIds }) => ({
      ...channel,
      logoUrl: channel.logoPath ? `/media/${channel.logoPath}` : null,
      // Base first: "from Basis" reads better than "from Sport" for a channel in both.
      from: packageIds
        .flatMap((id) => (order.has(id) ? [order.get(id)!] : []))
        .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
        .map(({ code, name, kind }) => ({ code, name, kind })),
    }));
  return {
    packages,
    channels,
    // A lineup without a base package is legal but odd; the console says so.
    hasBase: packages.some((p) => p.kind === 'BASE'),
    missing: input.packageIds.filter((id) => !order.has(id)),
  };
}
