import type { TLineupChannel } from '@keten/contracts';
import type { TDeps } from '../deps';
import type { TDeviceIdentity } from '../device-api/device-auth';
import { deviceLineup } from '../device-api/lineup.service';
import { KetenError } from '../lib/errors';
import { deliveryOf } from '../steering/steering.plan';
import { playbackKeys } from './playback-keys';
import { signatureQuery, signPrefix, type TPlaybackKeys, type TStreamCount } from './playback-signing';
import { admitStream, streamTtlMs } from './stream-registry';

/** How long a URL from POST /v1/play stays valid: a long live session re-asks (and re-counts) after this. */
export const PLAY_URL_SECONDS = 4 * 3600;

export const livePrefix = (slug: string) => `/media/live/${slug}/`;

/** Signed master playlist URL of a channel for one device; with `count`, its playlist requests count as a stream. */
export function signedChannelUrl(
  keys: TPlaybackKeys,
  slug: string,
  deviceId: string,
  exp: number,
  count?: TStreamCount,
): string {
  const prefix = livePrefix(slug);
  return `${prefix}master.m3u8?${signatureQuery(signPrefix(keys, prefix, deviceId, exp, count))}`;
}

/** What a counted URL signs: the subscriber and its limit as they are now (a change applies to URLs signed after it). */
export async function streamCountOf(
  deps: Pick<TDeps, 'prisma'>,
  subscriberId: string,
): Promise<TStreamCount> {
  const { maxConcurrentStreams } = await deps.prisma.subscriber.findUniqueOrThrow({
    where: { id: subscriberId },
    select: { maxConcurrentStreams: true },
  });
  return { sub: subscriberId, max: maxConcurrentStreams };
}

/**
 * Lineup/M3U URLs expire on a whole hour at least an hour ahead, so the body (and its ETag) stays the same
 * for an hour and 304s keep working. They are counted URLs: a box that plays one without POST /v1/play still
 * takes a slot of its subscriber's concurrent-stream limit.
 */
export async function withSignedStreamUrls(
  deps: TDeps,
  lineup: TLineupChannel[],
  device: Pick<TDeviceIdentity, 'deviceId' | 'subscriberId'>,
  now = Date.now(),
) {
  const keys = playbackKeys(deps);
  const count = await streamCountOf(deps, device.subscriberId);
  const exp = (Math.floor(now / 3_600_000) + 2) * 3600;
  return lineup.map((channel) => ({
    ...channel,
    streamUrl: signedChannelUrl(keys, channel.slug, device.deviceId, exp, count),
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
  const { max } = await streamCountOf(deps, device.subscriberId);
  const stream = { subscriberId: device.subscriberId, deviceId: device.deviceId, channel: channel.slug };
  const ttlMs = streamTtlMs(deps);
  if (!(await admitStream(deps, stream, max, { now, ttlMs }))) {
    throw new KetenError(
      'CONCURRENCY_LIMIT',
      `This account already plays on ${max} device(s); stop one first.`,
    );
  }
  const exp = Math.floor(now / 1000) + PLAY_URL_SECONDS;
  // The box's edge (steering), when one has a base URL: same path and signature, the edge's host in front.
  const edge = await deliveryOf(deps.prisma, device.deviceId);
  return {
    channelId: channel.id,
    // Not counted at the origin: this play is counted here and kept by its heartbeats.
    url: `${edge?.baseUrl ?? ''}${signedChannelUrl(playbackKeys(deps), channel.slug, device.deviceId, exp)}`,
    expiresAt: new Date(exp * 1000).toISOString(),
    heartbeatIntervalSeconds: Math.max(1, Math.floor(ttlMs / 2000)),
  };
}
