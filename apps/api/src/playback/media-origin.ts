import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deliveryHooks } from '../delivery/delivery-origin';
import type { TDeliveryRecorder } from '../delivery/delivery-recorder';
import type { TDeps } from '../deps';
import { sendProblem } from '../lib/problem';
import { playbackKeys } from './playback-keys';
import { signatureQuery, type TPlaybackSignature, verifyPrefix } from './playback-signing';
import { signPlaylist } from './playlist-rewrite';
import { createRevocationList, type TRevocationList } from './revocation-list';
import { admitStream, streamTtlMs } from './stream-registry';

const CONTENT_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  aac: 'audio/aac',
  vtt: 'text/vtt',
};
// One folder name (channel slug or VOD output key) and file paths below it: no dot-dot, no hidden files.
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
/** The folder a CDN edge signs (as it signs media) to read the revocation list. */
export const REVOCATIONS_PREFIX = '/media/revocations/';

type TMediaRequest = FastifyRequest<{ Params: { name: string; '*': string } }>;

const notFound = (reply: FastifyReply) =>
  sendProblem(reply, 404, { code: 'NOT_FOUND', message: 'No such media file.' });

/** The query exactly as sent: the signature check refuses any spelling but the canonical one. */
const rawQuery = (request: FastifyRequest) => {
  const url = request.raw.url ?? '';
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
};

export type TOriginDeps = Pick<TDeps, 'mediaRoot' | 'deviceApi' | 'redis' | 'workerQueuePrefix'> &
  Partial<Pick<TDeps, 'prisma'>>;

/**
 * Serves MEDIA_ROOT/{live,vod}/<name>/… as the HLS origin; every request must carry a valid signature for its folder.
 * With a delivery recorder, every answer (refusals too) becomes a delivery record (apps/api/src/delivery).
 */
export function registerMediaOrigin(
  app: FastifyInstance,
  deps: TOriginDeps,
  // A seam for bench/origin.bench.ts, which measures the check against a list that never matches.
  revocations: TRevocationList = createRevocationList(deps, {
    onError: (message, error) => app.log.error({ err: error }, message),
  }),
  delivery?: TDeliveryRecorder,
) {
  app.addHook('onReady', () => revocations.start());
  app.addHook('onClose', async () => revocations.stop());
  const counted = countedStreams(app, deps);

  const serve = (kind: 'live' | 'vod') => async (request: TMediaRequest, reply: FastifyReply) => {
    // Web players on other origins fetch with hls.js; the signature, not a cookie, is the credential.
    reply.header('access-control-allow-origin', '*');
    const { name } = request.params;
    const rest = request.params['*'].split('/');
    const ext = /\.([a-z0-9]+)$/.exec(rest.at(-1) ?? '')?.[1] ?? '';
    if (
      !NAME.test(name) ||
      !rest.every((part) => SEGMENT.test(part) && part !== '..') ||
      !CONTENT_TYPES[ext]
    ) {
      return notFound(reply);
    }
    const check = verifyPrefix(playbackKeys(deps), `/media/${kind}/${name}/`, rawQuery(request));
    if (!check.ok) return sendProblem(reply, 403, { code: check.code, message: check.message });
    if (revocations.has(check.signature.dev)) {
      return sendProblem(reply, 403, { code: 'DEVICE_REVOKED', message: 'This box has been revoked.' });
    }
    const file = join(deps.mediaRoot, kind, name, ...rest);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return notFound(reply);
    if (ext === 'm3u8' && !(await counted(check.signature, name))) {
      const limit = check.signature.count?.max ?? 0;
      return sendProblem(reply, 409, {
        code: 'CONCURRENCY_LIMIT',
        message: `This account already plays on ${limit} device(s); stop one of them and try again in a minute.`,
      });
    }
    reply.header('content-type', CONTENT_TYPES[ext]);
    if (ext === 'm3u8') {
      const text = await readFile(file, 'utf8');
      // Live playlists change every segment; VOD ones never do.
      reply.header('cache-control', kind === 'live' ? 'private, no-cache' : 'private, max-age=60');
      return reply.send(signPlaylist(text, signatureQuery(check.signature)));
    }
    reply.header('cache-control', 'private, max-age=86400').header('content-length', info.size);
    return reply.send(createReadStream(file));
  };
  const hooks = delivery ? (kind: 'live' | 'vod') => deliveryHooks(delivery, kind, rawQuery) : () => ({});
  app.get('/media/live/:name/*', hooks('live'), serve('live'));
  app.get('/media/vod/:name/*', hooks('vod'), serve('vod'));
  registerRevocationFeed(app, deps, revocations);
}

/**
 * A counted URL's playlist request takes or keeps its device's slot (one Redis round trip; segments none, so a
 * player keeps its slot by the playlist refreshes every live player makes). Uncounted URLs (POST /v1/play's) pass:
 * their heartbeats count them. Redis unreachable: fail open, as the revocation list does, and say so once.
 */
function countedStreams(app: FastifyInstance, deps: TOriginDeps) {
  let failing = false;
  return async (signature: TPlaybackSignature, channel: string): Promise<boolean> => {
    if (!signature.count) return true;
    const stream = { subscriberId: signature.count.sub, deviceId: signature.dev, channel };
    try {
      const admitted = await admitStream(deps, stream, signature.count.max, {
        ttlMs: streamTtlMs(deps),
      });
      failing = false;
      return admitted;
    } catch (error) {
      if (!failing)
        app.log.error({ err: error }, 'media origin: cannot count streams in Redis; letting plays through');
      failing = true;
      return true;
    }
  };
}

/** GET /media/revocations: the list this replica enforces, for a CDN edge that polls it (README "Revocation"). */
function registerRevocationFeed(app: FastifyInstance, deps: TOriginDeps, revocations: TRevocationList) {
  app.get('/media/revocations', async (request, reply) => {
    const check = verifyPrefix(playbackKeys(deps), REVOCATIONS_PREFIX, rawQuery(request));
    if (!check.ok) return sendProblem(reply, 403, { code: check.code, message: check.message });
    reply.header('cache-control', 'no-store');
    return {
      generatedAt: new Date().toISOString(),
      devices: revocations.entries().map(([deviceId, until]) => ({
        deviceId,
        until: new Date(until).toISOString(),
      })),
    };
  });
}
