import type { TEpg, TEpgQuery, TLineupChannel } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { exportXmltv } from '../schedule/xmltv-export.service';

/** Programmes overlapping [from, to) for the lineup's channels, grouped per channel in LCN order. */
export async function deviceEpg(
  prisma: PrismaClient,
  lineup: TLineupChannel[],
  window: TEpgQuery,
): Promise<TEpg> {
  const programmes = await prisma.programme.findMany({
    where: {
      channelId: { in: lineup.map((c) => c.id) },
      startsAt: { lt: window.to },
      endsAt: { gt: window.from },
    },
    orderBy: [{ channelId: 'asc' }, { startsAt: 'asc' }],
  });
  const byChannel = new Map<string, typeof programmes>();
  for (const p of programmes) byChannel.set(p.channelId, [...(byChannel.get(p.channelId) ?? []), p]);
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    channels: lineup.map((channel) => ({
      id: channel.id,
      slug: channel.slug,
      programmes: (byChannel.get(channel.id) ?? []).map((p) => ({
        start: p.startsAt.toISOString(),
        end: p.endsAt.toISOString(),
        title: p.title,
        description: p.description,
        category: p.category,
        season: p.seasonNumber,
        episode: p.episodeNumber,
        episodeTitle: p.episodeTitle,
        ageRating: p.ageRating,
      })),
    })),
  };
}

/** The same window as XMLTV, through the schedule's exporter: ids are "<slug>.<domain>", the M3U's tvg-id. */
export async function deviceXmltv(
  prisma: PrismaClient,
  lineup: TLineupChannel[],
  window: TEpgQuery,
  idDomain?: string,
) {
  const { xml } = await exportXmltv(prisma, { channelIds: lineup.map((c) => c.id), ...window }, idDomain);
  return xml;
}
