import type { PrismaClient } from '@keten/db/client';

export interface TEntitlement {
  channelId: string;
  lcn: number;
  name: string;
  /** Every running subscription that grants the channel, and until when (null: open-ended). */
  via: { packageCode: string; packageName: string; until: Date | null }[];
}

/** Channels a subscriber may watch now: the channels of every package whose subscription is running. */
export async function effectiveEntitlements(
  prisma: PrismaClient,
  subscriberId: string,
  now = new Date(),
): Promise<TEntitlement[]> {
  const running = await prisma.subscription.findMany({
    where: {
      subscriberId,
      startsAt: { lte: now },
      OR: [{ endsAt: null }, { endsAt: { gt: now } }],
    },
    select: {
      endsAt: true,
      package: {
        select: {
          code: true,
          name: true,
          channels: { select: { channel: { select: { id: true, lcn: true, name: true } } } },
        },
      },
    },
  });
  const byChannel = new Map<string, TEntitlement>();
  for (const subscription of running) {
    for (const { channel } of subscription.package.channels) {
      const entry = byChannel.get(channel.id) ?? {
        channelId: channel.id,
        lcn: channel.lcn,
        name: channel.name,
        via: [],
      };
      entry.via.push({
        packageCode: subscription.package.code,
        packageName: subscription.package.name,
        until: subscription.endsAt,
      });
      byChannel.set(channel.id, entry);
    }
  }
  return [...byChannel.values()].sort((a, b) => a.lcn - b.lcn);
}
