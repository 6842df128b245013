import type { TProfilePinInput } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { assertPlayable } from './compatibility.service';
import { rungFields } from './profiles.service';

/**
 * Moves channels onto a profile version: the only way a channel's ladder changes. Refused, like a
 * save, when an entitled box model could play none of the version's rungs, unless confirmed.
 */
export async function pinChannels(prisma: PrismaClient, actor: TActor, input: TProfilePinInput) {
  return prisma.$transaction(async (tx) => {
    const target = await tx.encodingProfileVersion.findUnique({
      where: { profileId_version: { profileId: input.profileId, version: input.toVersion } },
      select: { id: true, version: true, rungs: { select: rungFields, orderBy: { ordinal: 'asc' } } },
    });
    if (!target) throw new KetenError('NOT_FOUND', `Version ${input.toVersion} does not exist.`, 'toVersion');
    const channels = await tx.channel.findMany({
      where: input.channelIds
        ? { id: { in: input.channelIds } }
        : { encodingProfileVersion: { profileId: input.profileId } },
      select: {
        id: true,
        lcn: true,
        name: true,
        encodingProfileVersion: { select: { id: true, version: true } },
      },
      orderBy: { lcn: 'asc' },
    });
    if (input.channelIds && channels.length !== new Set(input.channelIds).size) {
      throw new KetenError('NOT_FOUND', 'Some of these channels do not exist.', 'channelIds');
    }
    const moving = channels.filter((c) => c.encodingProfileVersion?.id !== target.id);
    if (moving.length === 0) return { version: target.version, moved: 0 };
    const impact = await assertPlayable(
      tx,
      moving.map((c) => c.id),
      target.rungs,
      input.confirmIncompatible,
      'toVersion',
    );
    await tx.channel.updateMany({
      where: { id: { in: moving.map((c) => c.id) } },
      data: { encodingProfileVersionId: target.id },
    });
    await recordAudit(tx, actor, {
      action: 'profile.channels.pin',
      entityType: 'EncodingProfile',
      entityId: input.profileId,
      before: {
        channels: moving.map((c) => ({
          id: c.id,
          lcn: c.lcn,
          name: c.name,
          version: c.encodingProfileVersion?.version ?? null,
        })),
      },
      after: {
        version: target.version,
        channelIds: moving.map((c) => c.id),
        confirmedIncompatible: impact.boxModels.length > 0,
        impact,
      },
    });
    return { version: target.version, moved: moving.length };
  });
}
