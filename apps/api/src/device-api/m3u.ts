import type { TLineupChannel } from '@keten/contracts';
import type { TDeps } from '../deps';

/** From configuration, never from Host / X-Forwarded-Host: a client must not choose where others' players go. */
export const publicBaseUrl = (deps: Pick<TDeps, 'publicApiUrl'>) =>
  deps.publicApiUrl ?? 'http://127.0.0.1:4000';

// Attribute values are quoted: a quote or newline inside would break the line for every player.
const attr = (value: string) => value.replace(/["\r\n]/g, ' ');
const absolute = (origin: string, path: string) => (path.startsWith('http') ? path : `${origin}${path}`);

/** Extended M3U as Kodi, VLC and TiviMate read it: tvg-* attributes, group by genre, guide at url-tvg. */
export function buildM3u(lineup: TLineupChannel[], origin: string): string {
  const lines = [`#EXTM3U url-tvg="${absolute(origin, '/v1/epg.xml')}"`];
  for (const channel of lineup) {
    const logo = channel.logoUrl ? ` tvg-logo="${attr(absolute(origin, channel.logoUrl))}"` : '';
    lines.push(
      `#EXTINF:-1 tvg-id="${attr(channel.slug)}" tvg-name="${attr(channel.name)}"${logo} group-title="${attr(channel.genre)}" tvg-chno="${channel.lcn}",${channel.name.replace(/[\r\n]/g, ' ')}`,
      absolute(origin, channel.streamUrl),
    );
  }
  return `${lines.join('\n')}\n`;
}
