import { amsterdamDate, type TXmltvExportInput } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { XMLBuilder } from 'fast-xml-parser';
import { KetenError } from '../lib/errors';
import { formatXmltvTime } from './xmltv-time';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  suppressEmptyNode: true,
});

const lang = (text: string | null) => (text ? { '@lang': 'nl', '#text': text } : undefined);

/** XMLTV for the channels' programmes overlapping [from, to); channel ids are Keten slugs, times carry Amsterdam's offset. */
export async function exportXmltv(prisma: PrismaClient, input: TXmltvExportInput) {
  const channels = await prisma.channel.findMany({
    where: { id: { in: input.channelIds } },
    select: { id: true, slug: true, name: true, lcn: true },
    orderBy: { lcn: 'asc' },
  });
  if (channels.length !== new Set(input.channelIds).size) {
    throw new KetenError('NOT_FOUND', 'One of the channels does not exist.', 'channelIds');
  }
  const programmes = await prisma.programme.findMany({
    where: { channelId: { in: input.channelIds }, startsAt: { lt: input.to }, endsAt: { gt: input.from } },
    orderBy: [{ channelId: 'asc' }, { startsAt: 'asc' }],
  });
  const slugOf = new Map(channels.map((c) => [c.id, c.slug]));
  const tv = {
    '@generator-info-name': 'Keten',
    channel: channels.map((c) => ({ '@id': c.slug, 'display-name': lang(c.name), lcn: String(c.lcn) })),
    programme: programmes.map((p) => ({
      '@start': formatXmltvTime(p.startsAt),
      '@stop': formatXmltvTime(p.endsAt),
      '@channel': slugOf.get(p.channelId),
      title: lang(p.title),
      'sub-title': lang(p.episodeTitle),
      desc: lang(p.description),
      category: lang(p.category),
      'episode-num':
        p.seasonNumber !== null || p.episodeNumber !== null
          ? {
              '@system': 'xmltv_ns',
              '#text': `${p.seasonNumber === null ? '' : p.seasonNumber - 1}.${p.episodeNumber === null ? '' : p.episodeNumber - 1}.`,
            }
          : undefined,
      rating: p.ageRating ? { '@system': 'Kijkwijzer', value: p.ageRating } : undefined,
    })),
  };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n${builder.build({ tv })}`;
  const name = channels.length === 1 ? channels[0]?.slug : `${channels.length}-channels`;
  return {
    filename: `keten-${name}-${amsterdamDate(input.from)}.xml`,
    xml,
    channels: channels.length,
    programmes: programmes.length,
  };
}
