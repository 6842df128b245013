import type { TLineupChannel, TPlaylistQuery } from '@keten/contracts';
import { DEFAULT_XMLTV_ID_DOMAIN, xmltvChannelId } from '@keten/contracts';
import type { TDeps } from '../deps';

/** From configuration, never from Host / X-Forwarded-Host: a client must not choose where others' players go. */
export const publicBaseUrl = (deps: Pick<TDeps, 'publicApiUrl'>) =>
  deps.publicApiUrl ?? 'http://127.0.0.1:4000';

/** The tile the API draws for a channel without a logo of its own (channels.media.ts serves it). */
export const generatedLogoPath = (slug: string) => `/media/logos/generated/${slug}.svg`;

/**
 * Without parameters: mpv (0.35) and other ffmpeg-based players compare the whole Content-Type header with
 * `audio/x-mpegurl`, and with `; charset=utf-8` after it read the list as plain text (every line a URL). The
 * body is UTF-8, as extended M3U is by convention.
 */
export const M3U_CONTENT_TYPE = 'audio/x-mpegurl';

/** The group players file channels without a picture under, with `offAir=show`. */
export const OFF_AIR_GROUP = 'Off air';

// Attribute values are quoted: a quote or newline inside would break the line for every player.
const attr = (value: string) => value.replace(/["\r\n]/g, ' ');
const absolute = (origin: string, path: string) => (path.startsWith('http') ? path : `${origin}${path}`);
const genreLabel = (genre: string) => genre.charAt(0) + genre.slice(1).toLowerCase();

export interface TM3uOptions extends TPlaylistQuery {
  /** PUBLIC_API_URL: every URL in the playlist is absolute on it. */
  origin: string;
  /** The guide players load (`url-tvg`), as a path or absolute. */
  epgUrl: string;
  xmltvIdDomain?: string;
}

/** The channels a playlist lists: on air only, or with `offAir=show` the others too (last, marked off air). */
export function playlistChannels<T extends Pick<TLineupChannel, 'onAir'>>(
  lineup: T[],
  offAir: 'hide' | 'show',
) {
  const onAir = lineup.filter((channel) => channel.onAir);
  return offAir === 'show' ? [...onAir, ...lineup.filter((channel) => !channel.onAir)] : onAir;
}

/**
 * Extended M3U as VLC, Kodi (IPTV Simple), TiviMate and mpv read it: `tvg-id` is the channel's XMLTV id (the
 * guide's `<channel id>`), `tvg-chno` its LCN, a logo for every channel, group by genre, guide at `url-tvg`.
 * `streamUrl` of each channel is what players open, already signed or a player URL.
 */
export function buildM3u(lineup: TLineupChannel[], options: TM3uOptions): string {
  const { origin } = options;
  const guide = attr(absolute(origin, options.epgUrl));
  const lines = [`#EXTM3U url-tvg="${guide}" x-tvg-url="${guide}"`];
  for (const channel of playlistChannels(lineup, options.offAir)) {
    const id = xmltvChannelId(channel.slug, options.xmltvIdDomain ?? DEFAULT_XMLTV_ID_DOMAIN);
    const logo = absolute(origin, channel.logoUrl ?? generatedLogoPath(channel.slug));
    const group = channel.onAir ? genreLabel(channel.genre) : OFF_AIR_GROUP;
    const title = `${channel.name}${channel.onAir ? '' : ' (off air)'}`.replace(/[\r\n]/g, ' ');
    lines.push(
      `#EXTINF:-1 tvg-id="${attr(id)}" tvg-chno="${channel.lcn}" tvg-name="${attr(channel.name)}" tvg-logo="${attr(logo)}" group-title="${attr(group)}",${title}`,
      absolute(origin, channel.streamUrl),
    );
  }
  return `${lines.join('\n')}\n`;
}
