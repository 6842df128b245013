import type { Prisma } from '@keten/db/client';
import { KetenError } from '../lib/errors';
import type { TChannelUpdate } from './channels.schema';
import type { TChannelRecord } from './channels.snapshot';

/**
 * Makes the channel's sources exactly `wanted`, in that order (priority 1 = primary), keeping existing rows
 * by id so their health and on-air link survive a reorder. A changed URL or protocol resets health.
 */
export async function syncSources(
  tx: Prisma.TransactionClient,
  channel: TChannelRecord,
  wanted: TChannelUpdate['sources'],
): Promise<void> {
  const existing = new Map(channel.sources.map((source) => [source.id, source]));
  wanted.forEach((source, index) => {
    if (source.id && !existing.has(source.id)) {
      throw new KetenError(
        'INVALID_INPUT',
        'This source does not belong to the channel.',
        `sources.${index}.id`,
      );
    }
  });
  const keptIds = wanted.flatMap((source) => (source.id ? [source.id] : []));
  await tx.channelSource.deleteMany({ where: { channelId: channel.id, id: { notIn: keptIds } } });
  // Park kept rows on negative priorities first: (channel, priority) is unique and a reorder swaps them.
  for (const [index, id] of keptIds.entries()) {
    await tx.channelSource.update({ where: { id }, data: { priority: -1 - index } });
  }
  for (const [index, source] of wanted.entries()) {
    const priority = index + 1;
    const previous = source.id ? existing.get(source.id) : undefined;
    if (!previous) {
      await tx.channelSource.create({
        data: {
          channelId: channel.id,
          priority,
          protocol: source.protocol,
          url: source.url,
          enabled: source.enabled,
        },
      });
      continue;
    }
    const feedChanged = previous.url !== source.url || previous.protocol !== source.protocol;
    await tx.channelSource.update({
      where: { id: previous.id },
      data: {
        priority,
        protocol: source.protocol,
        url: source.url,
        enabled: source.enabled,
        ...(feedChanged ? { health: 'UNKNOWN', lastCheckedAt: null } : {}),
      },
    });
  }
}
