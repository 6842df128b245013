import {
  amsterdamDate,
  DEFAULT_XMLTV_ID_DOMAIN,
  type TXmltvExportInput,
  xmltvChannelId,
} from '@keten/contracts';
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

// The validator refuses an empty <desc> (and an empty title): a blank text is left out, not written empty.
const text = (value: string | null, lang: string) =>
  value?.trim() ? { '@lang': lang, '#text': value.trim() } : undefined;

/** xmltv_ns numbers count from zero: season 3, episode 5 → "2.4.". */
const episodeNum = (season: number | null, episode: number | null) =>
  season === null && episode === null
    ? undefined
    : {
        '@system': 'xmltv_ns',
        '#text': `${season === null ? '' : season - 1}.${episode === null ? '' : episode - 1}.`,
      };

/**
 * XMLTV for the channels' programmes overlapping [from, to), valid against the XMLTV DTD as xmltv-util's
 * tv_validate_file checks it: ids are "<slug>.<domain>" (the M3U's tvg-id), times carry Amsterdam's offset.
 * A channel without programmes in the window is left out (the validator counts an empty channel as an error,
 * and a player has nothing to show for it anyway). The one writer for the console and /v1/epg.xml.
 */
export async function exportXmltv(
  prisma: PrismaClient,
  input: TXmltvExportInput,
  idDomain: string = DEFAULT_XMLTV_ID_DOMAIN,
) {
  const channels = await prisma.channel.findMany({
    where: { id: { in: input.channelIds } },
    select: { id: true, slug: true, name: true, lcn: true, language: true },
    orderBy: { lcn: 'asc' },
  });
  if (channels.length !== new Set(input.channelIds).size) {
    throw new KetenError('NOT_FOUND', 'One of the channels does not exist.', 'channelIds');
  }
  const programmes = await prisma.programme.findMany({
    where: { channelId: { in: input.channelIds }, startsAt: { lt: input.to }, endsAt: { gt: input.from } },
    orderBy: [{ channelId: 'asc' }, { startsAt: 'asc' }],
  });
  const withProgrammes = new Set(programmes.map((p) => p.channelId));
  const listed = channels.filter((c) => withProgrammes.has(c.id));
  const byId = new Map(listed.map((c) => [c.id, c]));
  const tv = {
    '@generator-info-name': 'Keten',
    channel: listed.map((c) => ({
      '@id': xmltvChannelId(c.slug, idDomain),
      // The number as a second name, as XMLTV grabbers write it: the DTD has no element for it.
      'display-name': [{ '@lang': c.language, '#text': c.name }, { '#text': String(c.lcn) }],
    })),
    programme: programmes.flatMap((p) => {
      const channel = byId.get(p.channelId);
      if (!channel) return [];
      return {
        '@start': formatXmltvTime(p.startsAt),
        '@stop': formatXmltvTime(p.endsAt),
        '@channel': xmltvChannelId(channel.slug, idDomain),
        title: text(p.title, channel.language),
        'sub-title': text(p.episodeTitle, channel.language),
        desc: text(p.description, channel.language),
        category: text(p.category, channel.language),
        'episode-num': episodeNum(p.seasonNumber, p.episodeNumber),
        rating: p.ageRating ? { '@system': 'Kijkwijzer', value: p.ageRating } : undefined,
      };
    }),
  };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n${builder.build({ tv })}`;
  const name = channels.length === 1 ? channels[0]?.slug : `${channels.length}-channels`;
  return {
    filename: `keten-${name}-${amsterdamDate(input.from)}.xml`,
    xml,
    channels: listed.length,
    /** Channels asked for that have nothing in the window, and so are not in the file. */
    channelsWithoutProgrammes: channels.length - listed.length,
    programmes: programmes.length,
  };
}
