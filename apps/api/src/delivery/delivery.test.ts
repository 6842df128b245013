import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi, type TRpcResponse } from '../../test/harness';
import { makeLiveHls } from '../playback/playback.fixtures';
import { signedChannelUrl } from '../playback/playback.service';
import { playbackKeys } from '../playback/playback-keys';

const SLUG = 'delivery-test';
const DEVICE = 'cdeliverybox0000000000001';

let api: Awaited<ReturnType<typeof startTestApi>>;
let spoolDir: string;

beforeAll(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), 'keten-delivery-spool-'));
  api = await startTestApi({ deliverySpoolDir: spoolDir });
  await migrateClickHouse(api.deps.clickhouse.client);
  await makeLiveHls(api.deps.mediaRoot, SLUG);
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await rm(spoolDir, { recursive: true, force: true });
});

async function deliveries(where: string) {
  const result = await api.deps.clickhouse.client.query({
    query: `SELECT source, edge_id, cache_status, device_id, session_id, content_id, object, rendition, path, status, error_code, bytes, ttfb_ms, duration_ms, client_ip, bitrate_kbps FROM delivery_events_v2 WHERE ${where} ORDER BY event_time, path`,
    format: 'JSONEachRow',
  });
  return result.json<Record<string, unknown>>();
}

/** A tRPC answer's data (the test fails first when there is none). */
const dataOf = <T>(response: { body: TRpcResponse }) => response.body.result?.data.json as T;

const ndjson = (lines: unknown[]) =>
  lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');

describe('the origin writes a delivery record per request', () => {
  it('playlists, segments and refusals, with the CMCD session and the bytes sent', async () => {
    const master = signedChannelUrl(
      playbackKeys(api.deps),
      SLUG,
      DEVICE,
      Math.floor(Date.now() / 1000) + 600,
    );
    const query = master.split('?')[1] ?? '';
    const cmcd = encodeURIComponent('br=400,sid="sess-cmcd-1",cid="npo-1",ot=v');
    const segment = await api.app.inject({
      method: 'GET',
      url: `/media/live/${SLUG}/v0/index0.ts?${query}&CMCD=${cmcd}`,
    });
    expect(segment.statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: master })).statusCode).toBe(200);
    const variant = await api.app.inject({
      method: 'GET',
      url: `/media/live/${SLUG}/v0/index.m3u8?${query}&CMCD=${cmcd}`,
      headers: { 'x-keten-edge': 'fra-9' },
    });
    expect(variant.statusCode).toBe(200);
    const forged = await api.app.inject({
      method: 'GET',
      url: `/media/live/${SLUG}/v0/index1.ts?${query.replace(/sig=./, 'sig=A')}`,
    });
    expect(forged.statusCode).toBe(403);

    const rows = await vi.waitFor(
      async () => {
        const found = await deliveries(`device_id = '${DEVICE}'`);
        if (found.length < 4) throw new Error(`${found.length} of 4 records so far`);
        return found;
      },
      { timeout: 15_000, interval: 200 },
    );
    const byPath = Object.fromEntries(rows.map((row) => [row.path, row]));
    expect(byPath['v0/index0.ts']).toMatchObject({
      source: 'origin',
      edge_id: '',
      cache_status: 'ORIGIN',
      object: 'segment',
      rendition: 'v0',
      status: 200,
      bytes: Number(segment.headers['content-length']),
      session_id: 'sess-cmcd-1',
      content_id: 'npo-1',
      bitrate_kbps: 400,
      client_ip: '127.0.0.1',
    });
    expect(byPath['master.m3u8']).toMatchObject({ object: 'master', rendition: '', session_id: '' });
    expect(byPath['v0/index.m3u8']).toMatchObject({
      object: 'playlist',
      edge_id: 'fra-9',
      cache_status: 'MISS',
      bytes: Buffer.byteLength(variant.body),
    });
    expect(byPath['v0/index1.ts']).toMatchObject({ status: 403, error_code: 'TOKEN_INVALID' });
    for (const row of rows) expect(Number(row.duration_ms)).toBeGreaterThanOrEqual(Number(row.ttfb_ms));
  });
});

describe('POST /v1/edge-logs', () => {
  let edgeId: string;
  let token: string;

  const post = (body: string, bearer = token, contentType = 'application/x-ndjson') =>
    api.app.inject({
      method: 'POST',
      url: '/v1/edge-logs',
      payload: body,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': contentType },
    });

  beforeAll(async () => {
    const created = await api.trpc(
      'delivery.edges.create',
      { name: 'ams-1', location: 'Amsterdam' },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(created.status).toBe(200);
    const data = dataOf<{ edge: { id: string }; token: string }>(created);
    edgeId = data.edge.id;
    token = data.token;
  });

  it('stores the good lines of a log and reports each bad one by line, field and reason', async () => {
    const now = Date.now();
    const master = signedChannelUrl(playbackKeys(api.deps), SLUG, 'cedgebox', Math.floor(now / 1000) + 600);
    const query = master.split('?')[1] ?? '';
    const line = (over: Record<string, unknown>) => ({
      time: new Date(now - 60_000).toISOString(),
      url: `/media/live/${SLUG}/v0/index0.ts?${query}`,
      status: 200,
      bytes: 50_000,
      ttfbMs: 4.5,
      durationMs: 30,
      cacheStatus: 'HIT',
      clientIp: '198.51.100.20',
      ...over,
    });
    const response = await post(
      ndjson([
        line({}),
        line({ cacheStatus: 'MISS', ttfbMs: 80 }),
        '{not json',
        line({ status: 'ok' }),
        '',
        line({ clientIp: 'localhost' }),
        line({ time: now - 30 * 86_400_000 }),
        line({ url: '/etc/passwd' }),
        line({ extra: 1 }),
        line({ status: 503, cmcd: 'sid="edge-sess-1",cid="npo-1"' }),
      ]),
    );
    expect(response.statusCode).toBe(202);
    const report = response.json() as { accepted: number; refused: number; problems: unknown[] };
    expect(report).toEqual({
      accepted: 3,
      refused: 6,
      problems: [
        { line: 3, field: 'line', message: 'is not JSON' },
        { line: 4, field: 'status', message: expect.any(String) },
        { line: 6, field: 'clientIp', message: expect.any(String) },
        { line: 7, field: 'time', message: expect.stringContaining('7 days') },
        { line: 8, field: 'url', message: expect.stringContaining('/media/live/') },
        { line: 9, field: 'line', message: expect.stringContaining('extra') },
      ],
    });
    const rows = await vi.waitFor(
      async () => {
        const found = await deliveries(`edge_id = 'ams-1' AND source = 'edge'`);
        if (found.length < 3) throw new Error(`${found.length} of 3 rows so far`);
        return found;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(rows.map((row) => [row.cache_status, row.status, row.device_id, row.rendition])).toEqual(
      expect.arrayContaining([
        ['HIT', 200, 'cedgebox', 'v0'],
        ['MISS', 200, 'cedgebox', 'v0'],
        ['HIT', 503, 'cedgebox', 'v0'],
      ]),
    );
    expect(rows.find((row) => row.status === 503)?.session_id).toBe('edge-sess-1');

    // The delivery view shows the edge: 2 hits of 3 verdicts, one error in three.
    const view = await api.trpc(
      'delivery.view',
      { from: new Date(now - 3600_000), to: new Date(now + 60_000) },
      { role: 'NOC' },
    );
    expect(view.status).toBe(200);
    const { rows: edges, edges: names } = dataOf<{
      rows: { key: string; requests: number; hitRatio: number; errorRate: number; bytes: number }[];
      edges: Record<string, string>;
    }>(view);
    expect(edges.find((row) => row.key === 'ams-1')).toMatchObject({
      hitRatio: 2 / 3,
      errorRate: 1 / 3,
      bytes: 150_000,
    });
    expect(names['ams-1']).toBe('Amsterdam');
    const lastSeen = await api.prisma.cdnEdge.findUniqueOrThrow({ where: { id: edgeId } });
    await vi.waitFor(async () =>
      expect(
        (await api.prisma.cdnEdge.findUniqueOrThrow({ where: { id: edgeId } })).lastSeenAt ??
          lastSeen.lastSeenAt,
      ).not.toBeNull(),
    );
  });

  it('a re-sent log file counts once: in the rows, the raw view and the minute rollup of long ranges', async () => {
    const now = Date.now();
    const master = signedChannelUrl(playbackKeys(api.deps), SLUG, 'cresendbox', Math.floor(now / 1000) + 600);
    const query = master.split('?')[1] ?? '';
    const line = (second: number) => ({
      time: new Date(now - 2 * 3600_000 + second * 1000).toISOString(),
      url: `/media/live/${SLUG}/v1/index${second}.ts?${query}`,
      status: 200,
      bytes: 10_000,
      ttfbMs: 3,
      cacheStatus: 'HIT',
      clientIp: '198.51.100.30',
    });
    const file = ndjson([line(0), line(2), line(4), line(6)]);
    const stored = async () =>
      Number(
        (
          await (
            await api.deps.clickhouse.client.query({
              // No FINAL: what the table holds before any merge, as the minute rollup saw it.
              query: `SELECT count() AS n FROM delivery_events_v2 WHERE device_id = 'cresendbox'`,
              format: 'JSONEachRow',
            })
          ).json<{ n: number | string }>()
        )[0]?.n,
      );
    expect((await post(file)).json()).toMatchObject({ accepted: 4 });
    await vi.waitFor(async () => expect(await stored()).toBe(4), { timeout: 20_000, interval: 200 });
    // The same file again, and a longer one that repeats it with one new line.
    expect((await post(file)).json()).toMatchObject({ accepted: 4 });
    expect((await post(`${file}\n${JSON.stringify(line(8))}`)).json()).toMatchObject({ accepted: 5 });
    await vi.waitFor(async () => expect(await stored()).toBe(5), { timeout: 20_000, interval: 200 });
    // Settled: nothing more arrives after the next flush.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await stored()).toBe(5);

    type TRow = { key: string; requests: number; bytes: number; hitRatio: number };
    const view = async (hours: number) =>
      dataOf<{ rows: TRow[] }>(
        await api.trpc(
          'delivery.view',
          { from: new Date(now - hours * 3600_000), to: new Date(now), edge: 'ams-1', group: 'rendition' },
          { role: 'NOC' },
        ),
      ).rows.find((row) => row.key === 'v1');
    // 3 h reads the rows; 24 h reads the minute rollup: the same figures.
    expect(await view(3)).toMatchObject({ requests: 5, bytes: 50_000, hitRatio: 1 });
    expect(await view(24)).toMatchObject({ requests: 5, bytes: 50_000, hitRatio: 1 });
  }, 90_000);

  it('answers a log with no storable line with 400 naming every bad line, never a 5xx', async () => {
    const bad = await post(ndjson(['[]', '{"time":1}', 'null', '"\\ud800"']));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'lines.1.line',
      issues: [
        { field: 'lines.1.line' },
        { field: 'lines.2.time' },
        { field: 'lines.3.line' },
        { field: 'lines.4.line' },
      ],
    });
    expect((await post('')).statusCode).toBe(400);
    expect((await post('\n\n')).json()).toMatchObject({ field: 'body' });
    expect((await post('{}', token, 'application/json')).statusCode).toBe(415);
    expect((await post(`${'\n'.repeat(10_001)}x`)).statusCode).toBe(413);
    expect((await post('{}', 'ke_edge_not-a-token')).statusCode).toBe(401);
    expect((await post('{}', '')).statusCode).toBe(401);
  });

  it('a rotated token replaces the old one at once; a revoked one stops; both audited', async () => {
    const rotated = await api.trpc(
      'delivery.edges.rotateToken',
      { id: edgeId },
      { role: 'ADMIN', kind: 'mutation' },
    );
    const fresh = dataOf<{ token: string }>(rotated).token;
    expect(fresh).not.toBe(token);
    const probe = ndjson(['{}']);
    expect((await post(probe)).statusCode).toBe(401);
    expect((await post(probe, fresh)).statusCode).toBe(400);
    const revoked = await api.trpc(
      'delivery.edges.revokeToken',
      { id: edgeId },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(revoked.status).toBe(200);
    expect((await post(probe, fresh)).statusCode).toBe(401);
    const listed = await api.trpc('delivery.edges.list', undefined, { role: 'ADMIN' });
    const [edge] = dataOf<Record<string, unknown>[]>(listed);
    expect(edge).not.toHaveProperty('tokenHash');
    expect(edge?.revokedAt).not.toBeNull();
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: edgeId },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      'cdnEdge.create',
      'cdnEdge.rotateToken',
      'cdnEdge.revokeToken',
    ]);
    expect(JSON.stringify(audit)).not.toContain(fresh);
    expect(
      (await api.trpc('delivery.edges.create', { name: 'x' }, { role: 'NOC', kind: 'mutation' })).status,
    ).toBe(403);
  });
});
