import type { TLineupChannel } from '@keten/contracts';
import type { TDeps } from '../deps';
import type { TDeviceIdentity } from '../device-api/device-auth';
import { deviceLineup } from '../device-api/lineup.service';
import { KetenError } from '../lib/errors';
import { playbackKeys } from './playback-keys';
import { signatureQuery, signPrefix, type TPlaybackKeys } from './playback-signing';
import { admitStream, STREAM_TTL_MS } from './stream-registry';

/** How long a URL from POST /v1/play stays valid: a long live session re-asks (and re-counts) after this. */
export const PLAY_URL_SECONDS = 4 * 3600;

export const livePrefix = (slug: string) => `/media/live/${slug}/`;

/** Signed master playlist URL of a channel for one device. */
export function signedChannelUrl(keys: TPlaybackKeys, slug: string, deviceId: string, exp: number): string {
  const prefix = livePrefix(slug);
  return `${prefix}master.m3u8?${signatureQuery(signPrefix(keys, prefix, deviceId, exp))}`;
}

/**
 * Lineup/M3U URLs expire on a whole hour at least an hour ahead, so the body (and its ETag) stays the same
 * for an hour and 304s keep working.
 */
export function withSignedStreamUrls(
  deps: TDeps,
  lineup: TLineupChannel[],
  deviceId: string,
  now = Date.now(),
) {
  const keys = playbackKeys(deps);
  const exp = (Math.floor(now / 3_600_000) + 2) * 3600;
  return lineup.map((channel) => ({
    ...channel,
    streamUrl: signedChannelUrl(keys, channel.slug, deviceId, exp),
  }));
}

/** Entitlement (the lineup's rules) → concurrent-stream limit → a signed URL bound to this device and channel. */
export async function authorizePlay(
  deps: TDeps,
  device: TDeviceIdentity,
  channelRef: string,
  now = Date.now(),
) {
  const lineup = await deviceLineup(deps.prisma, device, new Date(now));
  const channel = lineup.find((c) => c.id === channelRef || c.slug === channelRef);
  if (!channel) {
    throw new KetenError('ENTITLEMENT_DENIED', 'This box is not entitled to that channel now.', 'channelId');
  }
  const subscriber = await deps.prisma.subscriber.findUniqueOrThrow({
    where: { id: device.subscriberId },
    select: { maxConcurrentStreams: true },
  });
  const stream = { subscriberId: device.subscriberId, deviceId: device.deviceId, channelId: channel.id };
  if (!(await admitStream(deps.redis, stream, subscriber.maxConcurrentStreams, now))) {
    throw new KetenError(
      'CONCURRENCY_LIMIT',
      `This account already plays on ${subscriber.maxConcurrentStreams} device(s); stop one first.`,
    );
  }
  const exp = Math.floor(now / 1000) + PLAY_URL_SECONDS;
  return {
    channelId: channel.id,
    url: signedChannelUrl(playbackKeys(deps), channel.slug, device.deviceId, exp),
    expiresAt: new Date(exp * 1000).toISOString(),
    heartbeatIntervalSeconds: STREAM_TTL_MS / 2000,
  };
}
