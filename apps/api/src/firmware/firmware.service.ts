import type { ZFirmwareCreateSchema, ZFirmwareNotesSchema } from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import type { z } from 'zod';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';

type TFirmwareCreate = z.output<typeof ZFirmwareCreateSchema>;
type TFirmwareNotes = z.output<typeof ZFirmwareNotesSchema>;

const firmwareFields = {
  id: true,
  boxModelId: true,
  version: true,
  imageUrl: true,
  sha256: true,
  sizeBytes: true,
  notes: true,
  releasedAt: true,
  createdAt: true,
} as const satisfies Prisma.FirmwareVersionSelect;

type TFirmwareRow = Prisma.FirmwareVersionGetPayload<{ select: typeof firmwareFields }>;

// Sizes travel as numbers (8 GiB at most, far inside 2^53), whatever column type holds them.
const view = (row: TFirmwareRow) => ({
  ...row,
  sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
});

/**
 * Every box model with its firmware versions, newest release first, and how many boxes run each: what a
 * product manager reads before planning a rollout. `boxModelId` narrows it to one model.
 */
export async function listFirmware(prisma: PrismaClient, filter: { boxModelId?: string } = {}) {
  const models = await prisma.boxModel.findMany({
    where: filter.boxModelId ? { id: filter.boxModelId } : {},
    orderBy: [{ vendor: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      code: true,
      vendor: true,
      name: true,
      _count: { select: { devices: true } },
      firmwareVersions: {
        orderBy: [{ releasedAt: 'desc' }, { version: 'desc' }],
        select: {
          ...firmwareFields,
          _count: { select: { devices: true, rolloutsTo: true } },
        },
      },
    },
  });
  return models.map(({ _count, firmwareVersions, ...model }) => {
    const versions = firmwareVersions.map(({ _count: counts, ...row }) => ({
      ...view(row),
      deviceCount: counts.devices,
      rolloutCount: counts.rolloutsTo,
    }));
    const onKnownVersion = versions.reduce((sum, version) => sum + version.deviceCount, 0);
    return {
      ...model,
      deviceCount: _count.devices,
      // Boxes that never reported a firmware (new in the warehouse): shown so the counts add up.
      devicesWithoutFirmware: _count.devices - onKnownVersion,
      versions,
    };
  });
}

export async function createFirmware(prisma: PrismaClient, actor: TActor, input: TFirmwareCreate) {
  const model = await prisma.boxModel.findUnique({ where: { id: input.boxModelId }, select: { id: true } });
  if (!model) throw new KetenError('NOT_FOUND', 'No box model with this id.', 'boxModelId');
  try {
    return await prisma.$transaction(async (tx) => {
      const created = view(
        await tx.firmwareVersion.create({
          data: { ...input, notes: input.notes || null, releasedAt: input.releasedAt ?? new Date() },
          select: firmwareFields,
        }),
      );
      await recordAudit(tx, actor, {
        action: 'firmware.create',
        entityType: 'FirmwareVersion',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new KetenError('CONFLICT', 'This box model already has a firmware with this version.', 'version');
    }
    throw error;
  }
}

/** Notes are the one thing that changes after release: the image, its digest and size are what boxes verify. */
export async function updateFirmwareNotes(prisma: PrismaClient, actor: TActor, input: TFirmwareNotes) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.firmwareVersion.findUnique({ where: { id: input.id }, select: firmwareFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No firmware version with this id.', 'id');
    const after = view(
      await tx.firmwareVersion.update({
        where: { id: input.id },
        data: { notes: input.notes || null },
        select: firmwareFields,
      }),
    );
    await recordAudit(tx, actor, {
      action: 'firmware.notes.update',
      entityType: 'FirmwareVersion',
      entityId: input.id,
      before: { version: before.version, notes: before.notes },
      after: { version: after.version, notes: after.notes },
    });
    return after;
  });
}
