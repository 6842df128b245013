import type { TBoxModelCapabilityInput } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { boxModelCapabilityFields } from './compatibility.service';

export async function listBoxModels(prisma: PrismaClient) {
  const models = await prisma.boxModel.findMany({
    orderBy: [{ vendor: 'asc' }, { name: 'asc' }],
    select: {
      ...boxModelCapabilityFields,
      _count: { select: { devices: true } },
      // Product managers plan rollouts from these: each version and how many boxes run it.
      firmwareVersions: {
        select: {
          id: true,
          version: true,
          releasedAt: true,
          notes: true,
          _count: { select: { devices: true } },
        },
        orderBy: { releasedAt: 'desc' },
      },
    },
  });
  return models.map(({ _count, firmwareVersions, ...model }) => ({
    ...model,
    deviceCount: _count.devices,
    firmwareVersions: firmwareVersions.map(({ _count: counts, ...firmware }) => ({
      ...firmware,
      deviceCount: counts.devices,
    })),
  }));
}

/** Edits what a box model's decoder can play; the compatibility matrix reads it at once. */
export async function updateBoxModelCapabilities(
  prisma: PrismaClient,
  actor: TActor,
  input: TBoxModelCapabilityInput,
) {
  const { id, ...capabilities } = input;
  const hevc = capabilities.videoCodecs.includes('HEVC');
  return prisma.$transaction(async (tx) => {
    const before = await tx.boxModel.findUnique({ where: { id }, select: boxModelCapabilityFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No box model with this id.', 'id');
    const after = await tx.boxModel.update({
      where: { id },
      data: {
        ...capabilities,
        // A box without an HEVC decoder has no HEVC profile or level.
        maxHevcProfile: hevc ? capabilities.maxHevcProfile : null,
        maxHevcLevel: hevc ? capabilities.maxHevcLevel : null,
      },
      select: boxModelCapabilityFields,
    });
    await recordAudit(tx, actor, {
      action: 'boxModel.capabilities.update',
      entityType: 'BoxModel',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
