import { z } from 'zod';
import { zId } from './bounds';
import { listInputSchema } from './list';
import { zText } from './text';

/** Mirrors the database enums; the API's types fail to compile if they drift apart. */
export const CHANNEL_STATES = ['DRAFT', 'LIVE', 'DISABLED'] as const;
export const GENRES = [
  'GENERAL',
  'NEWS',
  'SPORTS',
  'KIDS',
  'MOVIES',
  'SERIES',
  'MUSIC',
  'DOCUMENTARY',
  'LIFESTYLE',
  'REGIONAL',
] as const;
export const SOURCE_PROTOCOLS = ['UDP', 'RTP', 'SRT', 'RTMP', 'HTTP_TS', 'HLS', 'FILE'] as const;
export type TChannelState = (typeof CHANNEL_STATES)[number];
export type TGenre = (typeof GENRES)[number];
export type TSourceProtocol = (typeof SOURCE_PROTOCOLS)[number];

export const SOURCE_PROTOCOL_LABELS: Record<TSourceProtocol, string> = {
  UDP: 'UDP multicast/unicast',
  RTP: 'RTP multicast/unicast',
  SRT: 'SRT',
  RTMP: 'RTMP',
  HTTP_TS: 'HTTP(S) MPEG-TS',
  HLS: 'HLS',
  FILE: 'File (loop)',
};

export const SOURCE_URL_EXAMPLES: Record<TSourceProtocol, string> = {
  UDP: 'udp://@239.1.1.1:5000',
  RTP: 'rtp://239.1.1.2:5004',
  SRT: 'srt://ingest.example.nl:9000',
  RTMP: 'rtmp://ingest.example.nl/live/stream',
  HTTP_TS: 'https://feeds.example.nl/channel.ts',
  HLS: 'https://feeds.example.nl/channel/index.m3u8',
  FILE: 'file:///srv/media/loop.ts',
};

export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_CONTENT_TYPES = ['image/png', 'image/svg+xml', 'image/jpeg', 'image/webp'] as const;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function needsHostAndPort(url: URL, scheme: string): string | null {
  if (url.protocol !== `${scheme}:`) return `must start with ${scheme}://`;
  if (!url.hostname) return `must name a host, e.g. ${scheme}://239.1.1.1:5000`;
  if (!url.port) return `must name a port, e.g. ${scheme}://${url.hostname}:5000`;
  return null;
}

function needsHttp(url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  return url.hostname ? null : 'must name a host';
}

/** Why a source URL does not fit its protocol, or null when it does. One rule set for console and API. */
export function sourceUrlProblem(protocol: TSourceProtocol, raw: string): string | null {
  const url = parseUrl(raw);
  if (!url) return `is not a URL; expected e.g. ${SOURCE_URL_EXAMPLES[protocol]}`;
  switch (protocol) {
    case 'UDP':
      return needsHostAndPort(url, 'udp');
    case 'RTP':
      return needsHostAndPort(url, 'rtp');
    case 'SRT':
      return needsHostAndPort(url, 'srt');
    case 'RTMP':
      if (url.protocol !== 'rtmp:' && url.protocol !== 'rtmps:') return 'must start with rtmp:// or rtmps://';
      if (!url.hostname) return 'must name a host';
      return url.pathname.split('/').filter(Boolean).length >= 2
        ? null
        : 'must name an application and a stream key, e.g. rtmp://host/live/stream';
    case 'HTTP_TS':
      return needsHttp(url);
    case 'HLS':
      return needsHttp(url) ?? (url.pathname.endsWith('.m3u8') ? null : 'must point at a .m3u8 playlist');
    case 'FILE':
      return raw.startsWith('file:///') && url.pathname.length > 1
        ? null
        : 'must be file:// with an absolute path, e.g. file:///srv/media/loop.ts';
  }
}

export const ZChannelSourceSchema = z
  .object({
    /** Present for a source that already exists, so its health and on-air state survive an edit. */
    id: zId().optional(),
    protocol: z.enum(SOURCE_PROTOCOLS),
    url: zText(500).trim().min(1, 'is required'),
    enabled: z.boolean().default(true),
  })
  .superRefine((source, ctx) => {
    const problem = sourceUrlProblem(source.protocol, source.url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['url'] });
  });
export type TChannelSourceInput = z.input<typeof ZChannelSourceSchema>;

const channelFields = {
  lcn: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(9999, 'must be 9999 or less'),
  name: zText(80).trim().min(1, 'is required'),
  /** Empty: derived from the name. */
  slug: zText(60)
    .trim()
    .toLowerCase()
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, 'may hold only a–z, 0–9 and single dashes')
    .optional(),
  genre: z.enum(GENRES),
  language: zText(8)
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code, e.g. nl'),
  state: z.enum(CHANNEL_STATES).default('DRAFT'),
  /** In priority order: the first is the primary, the rest are backups. */
  sources: z
    .array(ZChannelSourceSchema)
    .min(1, 'needs at least a primary source')
    .max(8, 'may hold at most 8 sources'),
  /** The pinned ladder (a profile's version); null = none yet; left out on an update = unchanged. */
  encodingProfileVersionId: zId().nullable().optional(),
  /** Save even though an entitled box model could play none of the version's rungs (asked after a refusal). */
  confirmIncompatible: z.boolean().optional(),
};

export const ZChannelCreateSchema = z.object(channelFields);
export type TChannelCreateInput = z.input<typeof ZChannelCreateSchema>;

/** State is left out by the edit form (state changes go through setState, with their confirmations): unchanged. */
export const ZChannelUpdateSchema = z.object({
  id: zId(),
  ...channelFields,
  state: z.enum(CHANNEL_STATES).optional(),
});
export type TChannelUpdateInput = z.input<typeof ZChannelUpdateSchema>;

export const ZChannelSetStateSchema = z.object({
  id: zId(),
  state: z.enum(CHANNEL_STATES),
  /** Going back on air with a ladder an entitled box model cannot play (asked after a refusal). */
  confirmIncompatible: z.boolean().optional(),
});

/** Who would notice a change of this channel: the packages carrying it and their subscribers' boxes. */
export const ZChannelReachSchema = z.object({ id: zId() });

export const ZChannelLogoSchema = z.object({
  id: zId(),
  /** What the browser claims; the API trusts only the file's own first bytes. */
  contentType: zText(100),
  /** Base64 of the file (not text to store: the API checks the alphabet and the decoded size exactly). */
  logo: z
    .string()
    .min(1, 'is required')
    .max(LOGO_MAX_BYTES * 2, 'must be at most 256 KB'),
});

export const ZChannelListSchema = listInputSchema(['lcn', 'name', 'genre', 'language', 'state']).extend({
  state: z.enum(CHANNEL_STATES).optional(),
  genre: z.enum(GENRES).optional(),
});
export type TChannelListInput = z.input<typeof ZChannelListSchema>;

/** "NPO 1 HD" → "npo-1-hd". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
