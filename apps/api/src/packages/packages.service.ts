import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TPackageCreate, TPackageUpdate } from './packages.schema';

const packageFields = {
  id: true,
  code: true,
  name: true,
  kind: true,
  description: true,
} satisfies Prisma.PackageSelect;

/** Base packages first, then add-ons; with how many channels and subscriptions each holds. */
export async function listPackages(prisma: PrismaClient) {
  const packages = await prisma.package.findMany({
    select: {
      ...packageFields,
      updatedAt: true,
      _count: { select: { channels: true, subscriptions: true } },
    },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  });
  return packages.map(({ _count, ...pkg }) => ({
    ...pkg,
    channelCount: _count.channels,
    subscriptionCount: _count.subscriptions,
  }));
}

export async function getPackage(prisma: PrismaClient, id: string) {
  const pkg = await prisma.package.findUnique({
    where: { id },
    select: {
      ...packageFields,
      channels: {
        select: { channel: { select: { id: true, lcn: true, name: true, genre: true, state: true } } },
        orderBy: { channel: { lcn: 'asc' } },
      },
    },
  });
  if (!pkg) throw new KetenError('NOT_FOUND', 'No package with this id.', 'id');
  return { ...pkg, channels: pkg.channels.map(({ channel }) => channel) };
}

function codeConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw new KetenError('CONFLICT', 'A package with this code already exists.', 'code');
  }
  throw error;
}

export async function createPackage(prisma: PrismaClient, actor: TActor, input: TPackageCreate) {
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.package.create({ data: input, select: packageFields });
      await recordAudit(tx, actor, {
        action: 'package.create',
        entityType: 'Package',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    codeConflict(error);
  }
}

export async function updatePackage(prisma: PrismaClient, actor: TActor, input: TPackageUpdate) {
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.package.findUnique({ where: { id: input.id }, select: packageFields });
      if (!before) throw new KetenError('NOT_FOUND', 'No package with this id.', 'id');
      const { id, ...data } = input;
      const after = await tx.package.update({
        where: { id },
        data: { ...data, description: data.description ?? null },
        select: packageFields,
      });
      await recordAudit(tx, actor, {
        action: 'package.update',
        entityType: 'Package',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    codeConflict(error);
  }
}
