import { qcSettingsOf } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TQcUpdateInput } from './channels.live.schema';

/** Replaces a channel's QC thresholds (validated by ZQcSettingsSchema at the edge); audited before/after. */
export async function updateQcSettings(prisma: PrismaClient, actor: TActor, input: TQcUpdateInput) {
  return prisma.$transaction(async (tx) => {
    const channel = await tx.channel.findUnique({
      where: { id: input.id },
      select: { id: true, qcSettings: true },
    });
    if (!channel) throw new KetenError('NOT_FOUND', 'No channel with this id.', 'id');
    const before = qcSettingsOf(channel.qcSettings);
    await tx.channel.update({ where: { id: channel.id }, data: { qcSettings: input.settings } });
    await recordAudit(tx, actor, {
      action: 'channel.qc.update',
      entityType: 'Channel',
      entityId: channel.id,
      before,
      after: input.settings,
    });
    return input.settings;
  });
}
