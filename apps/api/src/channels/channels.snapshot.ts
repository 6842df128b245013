import type { Prisma } from '@keten/db/client';
import { KetenError } from '../lib/errors';

const sourceFields = {
  id: true,
  priority: true,
  protocol: true,
  url: true,
  enabled: true,
  health: true,
  lastCheckedAt: true,
} satisfies Prisma.ChannelSourceSelect;

/** What a channel looks like to the console and in the audit log: its fields and its ordered sources. */
export const channelFields = {
  id: true,
  lcn: true,
  name: true,
  slug: true,
  genre: true,
  language: true,
  state: true,
  logoPath: true,
  onAirSourceId: true,
  encodingProfileVersion: {
    select: { id: true, version: true, profile: { select: { id: true, code: true, name: true } } },
  },
  updatedAt: true,
  sources: { select: sourceFields, orderBy: { priority: 'asc' } },
} satisfies Prisma.ChannelSelect;

export type TChannelRecord = Prisma.ChannelGetPayload<{ select: typeof channelFields }>;

/** The console reaches logos through its own origin: /media is rewritten to apps/api like /trpc. */
export function logoUrlOf(logoPath: string | null): string | null {
  return logoPath ? `/media/${logoPath}` : null;
}

/** The list row / detail shape: on-air source and its health; "unknown" until the worker reports. */
export function toChannelView(channel: TChannelRecord) {
  const onAir = channel.sources.find((source) => source.id === channel.onAirSourceId) ?? null;
  return {
    ...channel,
    logoUrl: logoUrlOf(channel.logoPath),
    onAir: onAir
      ? {
          id: onAir.id,
          position: channel.sources.indexOf(onAir),
          protocol: onAir.protocol,
          health: onAir.health,
        }
      : null,
  };
}
export type TChannelView = ReturnType<typeof toChannelView>;

/** The audit's before/after: no timestamps the worker changes, so the diff shows only what the operator did. */
export function auditSnapshot(channel: TChannelRecord) {
  const { updatedAt: _updatedAt, sources, encodingProfileVersion: pinned, ...fields } = channel;
  return {
    ...fields,
    // Named as operators say it ("hd-h264 v2"), with the id the version is found by.
    encodingProfileVersion: pinned
      ? { id: pinned.id, profile: pinned.profile.code, version: pinned.version }
      : null,
    sources: sources.map(({ id, priority, protocol, url, enabled }) => ({
      id,
      priority,
      protocol,
      url,
      enabled,
    })),
  };
}

export async function loadChannel(tx: Prisma.TransactionClient, id: string): Promise<TChannelRecord> {
  const channel = await tx.channel.findUnique({ where: { id }, select: channelFields });
  if (!channel) throw new KetenError('NOT_FOUND', 'No channel with this id.', 'id');
  return channel;
}
