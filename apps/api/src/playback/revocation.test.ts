import type { TDeviceTokenPair, TLineup, TPlayResponse } from '@keten/contracts';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  startDeviceApi,
} from '../device-api/device-api.fixtures';
import { buildServer } from '../server';
import { revokeDeviceToken } from '../subscribers/devices.service';
import { REVOCATIONS_PREFIX } from './media-origin';
import { makeLiveHls, putOnAir } from './playback.fixtures';
import { playbackKeys } from './playback-keys';
import { signatureQuery, signPrefix } from './playback-signing';
import { createRevocationList } from './revocation-list';
import { revocationKeys, revokeMedia } from './revocations';

type TApp = Awaited<ReturnType<typeof buildServer>>;

let api: Awaited<ReturnType<typeof startDeviceApi>>;
let replica: TApp;
let replicaRedis: Redis;
let channel: { id: string; slug: string };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

beforeAll(async () => {
  api = await startDeviceApi();
  // A second API process as another replica would run it: its own server and Redis connection, the same stores.
  replicaRedis = new Redis(REDIS_URL);
  replica = await buildServer({ ...api.deps, redis: replicaRedis });
  const device = await assignedDevice(api);
  const pair = await activateThroughConsole(api, device.id);
  const lineup = (
    await api.app.inject({ method: 'GET', url: '/v1/lineup', headers: bearer(pair) })
  ).json() as TLineup;
  const first = lineup.channels[0];
  if (!first) throw new Error('the seeded box has an empty lineup');
  channel = first;
  await makeLiveHls(api.deps.mediaRoot, channel.slug);
  await putOnAir(api.prisma, channel.id);
}, 90_000);
afterAll(async () => {
  await replica?.close();
  await replicaRedis?.quit();
  await api?.stop();
});

/** A box that is activated and holds a POST /v1/play URL and its M3U URL, as a box would before a revoke. */
async function playingBox(skip: number) {
  const device = await assignedDevice(api, { skip });
  const pair = await activateThroughConsole(api, device.id);
  const play = await api.app.inject({ method: 'POST', url: `/v1/play/${channel.id}`, headers: bearer(pair) });
  const { url } = play.json() as TPlayResponse;
  const m3u = await api.app.inject({ method: 'GET', url: '/v1/playlist.m3u', headers: bearer(pair) });
  const m3uUrl = m3u.body.split('\n').find((line) => line.includes(`/media/live/${channel.slug}/`)) ?? '';
  await api.app.inject({ method: 'POST', url: '/v1/play/stop', headers: bearer(pair) });
  return {
    deviceId: device.id,
    pair,
    segment: url.replace('master.m3u8', 'v0/index0.ts'),
    m3uMaster: new URL(m3uUrl).pathname + new URL(m3uUrl).search,
  };
}

const status = async (app: TApp, url: string) => {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, code: response.statusCode === 200 ? null : response.json().code };
};

/** Polls until `app` answers `url` with `expected`, at most `boundMs`; returns how long that took. */
async function waitForStatus(app: TApp, url: string, expected: number, boundMs = 10_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < boundMs) {
    if ((await status(app, url)).status === expected) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${expected} within ${boundMs} ms`);
}

const revokeInConsole = (deviceId: string) =>
  api.trpc('subscribers.devices.revokeToken', { deviceId }, { role: 'SUPPORT', kind: 'mutation' });

describe('revocation at the origin', () => {
  it("a revoked box's signed URLs answer 403 DEVICE_REVOKED within 10 s on every replica; other boxes play on", async () => {
    const box = await playingBox(0);
    const other = await playingBox(1);
    for (const app of [api.app, replica]) {
      expect(await status(app, box.segment)).toEqual({ status: 200, code: null });
      expect(await status(app, box.m3uMaster)).toEqual({ status: 200, code: null });
    }
    const revoked = await revokeInConsole(box.deviceId);
    expect(revoked.status).toBe(200);
    const tookMs = await Promise.all([api.app, replica].map((app) => waitForStatus(app, box.segment, 403)));
    console.info(`media refused ${tookMs.join(' ms / ')} ms after the revoke (this replica / the other)`);
    for (const app of [api.app, replica]) {
      expect(await status(app, box.segment)).toEqual({ status: 403, code: 'DEVICE_REVOKED' });
      expect(await status(app, box.m3uMaster)).toEqual({ status: 403, code: 'DEVICE_REVOKED' });
      expect(await status(app, other.segment)).toEqual({ status: 200, code: null });
    }
  });

  it('a box support re-activates with a fresh code plays again, old URLs included', async () => {
    const box = await playingBox(2);
    await revokeInConsole(box.deviceId);
    await waitForStatus(replica, box.segment, 403);
    const fresh: TDeviceTokenPair = await activateThroughConsole(api, box.deviceId);
    expect(fresh.accessToken).toBeTruthy();
    await waitForStatus(replica, box.segment, 200);
    await waitForStatus(api.app, box.segment, 200);
  });

  it('a list Redis lost (flushed, replaced) is rebuilt from PostgreSQL: the box stays refused', async () => {
    const box = await playingBox(5);
    await revokeInConsole(box.deviceId);
    await waitForStatus(replica, box.segment, 403);
    const keys = revocationKeys(api.deps);
    await api.redis.del(keys.set, keys.version, keys.built);
    const deadline = Date.now() + 10_000;
    let until: string | null = null;
    while (until === null && Date.now() < deadline) {
      until = await api.redis.zscore(keys.set, box.deviceId);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(Number(until) - Date.now()).toBeGreaterThan(3.9 * 3600_000);
    // A replica that starts only now reads the rebuilt list before it serves.
    const late = await buildServer({ ...api.deps });
    try {
      for (const app of [api.app, replica, late])
        expect(await status(app, box.segment)).toMatchObject({ status: 403 });
    } finally {
      await late.close();
    }
  });

  it("a box moved to another subscriber stops playing the first one's URLs on every replica until activated again", async () => {
    const box = await playingBox(6);
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: box.deviceId } });
    const next = await api.prisma.subscriber.findFirstOrThrow({
      where: { status: 'ACTIVE', id: { not: row.subscriberId ?? '' } },
    });
    const moved = await api.trpc(
      'subscribers.devices.assign',
      { deviceId: box.deviceId, accountNumber: next.accountNumber },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(moved.status).toBe(200);
    await Promise.all([api.app, replica].map((app) => waitForStatus(app, box.segment, 403)));
    for (const app of [api.app, replica]) {
      expect(await status(app, box.m3uMaster)).toEqual({ status: 403, code: 'DEVICE_REVOKED' });
    }
    // Activated for its new subscriber, the box is lifted off the list.
    await activateThroughConsole(api, box.deviceId);
    await Promise.all([api.app, replica].map((app) => waitForStatus(app, box.segment, 200)));
  });

  it('a revoke a Redis failover lost is listed again from PostgreSQL at the next resync', async () => {
    const box = await playingBox(7);
    await revokeInConsole(box.deviceId);
    const keys = revocationKeys(api.deps);
    const list = createRevocationList(
      { redis: api.redis, prisma: api.prisma, workerQueuePrefix: api.deps.workerQueuePrefix },
      { pollMs: 50, resyncMs: 200 },
    );
    await list.start();
    try {
      expect(list.has(box.deviceId)).toBe(true);
      // The new primary never got the entry, nor the version bump that would have made replicas re-read.
      await api.redis.zrem(keys.set, box.deviceId);
      // A marker that only a re-read can see: once it is in, a resync has read the set without the box.
      await api.redis.zadd(keys.set, Date.now() + 60_000, 'cresync-marker');
      const deadline = Date.now() + 5000;
      while (!list.has('cresync-marker') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(list.has('cresync-marker')).toBe(true);
      expect(list.has(box.deviceId)).toBe(true);
      const until = list.entries().find(([deviceId]) => deviceId === box.deviceId)?.[1] ?? 0;
      expect(until - Date.now()).toBeGreaterThan(3.9 * 3600_000);
    } finally {
      list.stop();
      await api.redis.zrem(keys.set, 'cresync-marker');
    }
  });

  it('a revoke that cannot reach Redis changes nothing: the box stays active and unaudited', async () => {
    const box = await playingBox(3);
    const offline = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const actor = { id: api.operators.SUPPORT.id, email: api.operators.SUPPORT.email, ip: null };
    await expect(
      revokeDeviceToken({ ...api.deps, redis: offline }, actor, { deviceId: box.deviceId }),
    ).rejects.toThrow();
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: box.deviceId } });
    expect(row.tokenState).toBe('ACTIVE');
    const audits = await api.prisma.auditEntry.count({
      where: { entityId: box.deviceId, action: 'device.token-revoke' },
    });
    expect(audits).toBe(0);
    expect((await status(api.app, box.segment)).status).toBe(200);
  });
});

describe('the revocation list', () => {
  it('keeps enforcing the last list it read while Redis is unreachable (fails open), and says so once', async () => {
    const prefix = `keten-test-offline-${Date.now()}`;
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const errors: string[] = [];
    const list = createRevocationList(
      { redis: connection, workerQueuePrefix: prefix },
      { pollMs: 50, onError: (message) => errors.push(message) },
    );
    await revokeMedia({ redis: api.redis, workerQueuePrefix: prefix }, 'cdevice-offline');
    await list.start();
    expect(list.has('cdevice-offline')).toBe(true);
    connection.disconnect();
    const deadline = Date.now() + 5000;
    while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(errors).toHaveLength(1);
    // Twenty more polls fail meanwhile: none of them may say it again.
    await new Promise((r) => setTimeout(r, 20 * 50));
    expect(errors).toHaveLength(1);
    expect(list.has('cdevice-offline')).toBe(true);
    expect(list.has('cdevice-never-revoked')).toBe(false);
    list.stop();
    await api.redis.del(`${prefix}:revoked-devices`, `${prefix}:revoked-devices:version`);
  });

  it('GET /media/revocations lists revoked boxes for a CDN edge holding the playback key, and nobody else', async () => {
    const box = await playingBox(4);
    await revokeInConsole(box.deviceId);
    const edge = signPrefix(
      playbackKeys(api.deps),
      REVOCATIONS_PREFIX,
      'edge-ams-1',
      Math.floor(Date.now() / 1000) + 60,
    );
    const url = `/media/revocations?${signatureQuery(edge)}`;
    const deadline = Date.now() + 10_000;
    let listed: Array<{ deviceId: string; until: string }> = [];
    while (!listed.some((d) => d.deviceId === box.deviceId) && Date.now() < deadline) {
      const response = await replica.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      listed = (response.json() as { devices: typeof listed }).devices;
      await new Promise((r) => setTimeout(r, 100));
    }
    const entry = listed.find((d) => d.deviceId === box.deviceId);
    expect(entry).toBeTruthy();
    // Listed as long as a URL signed before the revoke can live (4 h).
    expect(Date.parse(entry?.until ?? '') - Date.now()).toBeGreaterThan(3.9 * 3600_000);
    const unsigned = await replica.inject({ method: 'GET', url: '/media/revocations' });
    expect(unsigned.statusCode).toBe(403);
    // A box's own media signature does not open the list: it covers another folder.
    const boxQuery = box.segment.split('?')[1];
    const asBox = await replica.inject({ method: 'GET', url: `/media/revocations?${boxQuery}` });
    expect(asBox.json()).toMatchObject({ code: 'TOKEN_INVALID' });
  });
});
