import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TDeviceTokenPair, TLineup } from '@keten/contracts';
import type { ConnectionError, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionEvents } from '../src/beacons/beacons.fixtures';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  issueCode,
  startDeviceApi,
} from '../src/device-api/device-api.fixtures';
import { deviceOpenApi } from '../src/device-api/openapi';
import { ERROR_RESPONSES } from '../src/device-api/openapi-responses';
import { clientErrorHandler } from '../src/lib/http-errors';
import { putOnAir } from '../src/playback/playback.fixtures';
import { issuePlayerUrls } from '../src/players/players.fixtures';
import { clearRollouts, rolloutReaching } from '../src/rollouts/rollouts.fixtures';
import { buildServer } from '../src/server';
import {
  createConformance,
  type TConformanceDocument,
  type TExchange,
  watchConformance,
} from './openapi-conformance';

/**
 * The OpenAPI document against the server: a representative call of every operation and every error status
 * the document declares, each response checked as it is sent (the harness's hook, which also watches every
 * other test's /v1 traffic), and proof that the check fails on what the document does not declare.
 */

let api: Awaited<ReturnType<typeof startDeviceApi>>;
let spoolDir: string;
let document: TConformanceDocument;
// Statuses answered outside the harness's hook (raw sockets, another server), checked here instead.
const alsoSeen = new Set<string>();

beforeAll(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), 'keten-conformance-spool-'));
  api = await startDeviceApi({
    beaconSpoolDir: spoolDir,
    deliverySpoolDir: join(spoolDir, 'delivery'),
    ingestEvents: true,
  });
  document = deviceOpenApi(api.deps) as TConformanceDocument;
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await rm(spoolDir, { recursive: true, force: true });
});

const json = (payload: unknown) => ({
  payload: JSON.stringify(payload),
  headers: { 'content-type': 'application/json' },
});
const inject = (options: InjectOptions) => api.app.inject(options);

/** One exchange on a real socket (what Node's parser refuses never reaches inject). */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** A raw HTTP/1.1 answer as an exchange of `method route`. */
function exchangeOf(answer: string, method: string, route: string): TExchange {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { method, route, url: route, status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('the OpenAPI document and the server agree', () => {
  it('answers every operation and every declared error status as the document says', async () => {
    const device = await assignedDevice(api);
    const pair = await activateThroughConsole(api, device.id);
    const statusOf = async (options: InjectOptions) => (await inject(options)).statusCode;
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      statusOf({
        method: 'POST',
        url,
        payload: JSON.stringify(body),
        headers: { ...headers, 'content-type': 'application/json' },
      });

    // Activation: a lower-case padded code, a serial with an upper-case padded MAC (as boxes print them), refusals.
    const code = await issueCode(api, (await assignedDevice(api, { skip: 5 })).id);
    expect(await post('/v1/activate', { activationCode: ` ${code.toLowerCase()}\t` })).toBe(201);
    const other = await assignedDevice(api, { skip: 1 });
    const secret = api.deps.deviceApi?.provisioningSecret;
    const mac = ` ${other.mac.toUpperCase().replace(/:/g, '-')}`;
    expect(await post('/v1/activate', { serial: ` ${other.serial} `, mac, provisioningSecret: secret })).toBe(
      201,
    );
    expect(await post('/v1/activate', { activationCode: 'ZZZZ-ZZZZ' })).toBe(401);
    expect(
      await post('/v1/activate', { serial: '   ', mac: 'a4:2b:8c:01:02:03', provisioningSecret: 'x' }),
    ).toBe(400);
    const tooLarge = { payload: 'x'.repeat(1_100_000), headers: { 'content-type': 'application/json' } };
    expect(await statusOf({ method: 'POST', url: '/v1/activate', ...tooLarge })).toBe(413);
    const xml = { payload: '<a/>', headers: { 'content-type': 'application/xml' } };
    expect(await statusOf({ method: 'POST', url: '/v1/activate', ...xml })).toBe(415);

    // Tokens.
    const refreshed = await inject({
      method: 'POST',
      url: '/v1/token/refresh',
      ...json({ refreshToken: pair.refreshToken }),
    });
    expect(refreshed.statusCode).toBe(200);
    const fresh = refreshed.json() as TDeviceTokenPair;
    const auth = bearer(fresh);
    expect(await post('/v1/token/refresh', { refreshToken: 'x'.repeat(40) })).toBe(401);

    // A cached document: 200 with an ETag, then 304 for it.
    const cached = async (url: string) => {
      const first = await inject({ method: 'GET', url, headers: auth });
      expect(first.statusCode, url).toBe(200);
      const again = { ...auth, 'if-none-match': String(first.headers.etag) };
      expect(await statusOf({ method: 'GET', url, headers: again }), url).toBe(304);
      return first;
    };
    const lineup = await cached('/v1/lineup');
    for (const url of ['/v1/epg', '/v1/epg.xml', '/v1/playlist.m3u', '/v1/config']) await cached(url);
    expect(await statusOf({ method: 'HEAD', url: '/v1/lineup', headers: auth })).toBe(200);
    expect(await statusOf({ method: 'GET', url: '/v1/lineup' })).toBe(401);
    expect(await statusOf({ method: 'GET', url: '/v1/epg?from=yesterday', headers: auth })).toBe(400);

    // Playback: a lapsed heartbeat, a signed URL, its heartbeat, a channel not in the lineup, a path too long.
    const channel = (lineup.json() as TLineup).channels[0];
    if (!channel) throw new Error('the seeded box has an empty lineup');
    expect(await post('/v1/play/heartbeat', {}, auth)).toBe(409);
    expect(await post(`/v1/play/${channel.slug}`, {}, auth)).toBe(200);
    expect(await post('/v1/play/heartbeat', {}, auth)).toBe(204);
    expect(await post('/v1/play/no-such-channel', {}, auth)).toBe(403);
    expect(await post('/v1/play/stop', {}, auth)).toBe(204);
    expect(await post(`/v1/play/${'x'.repeat(6000)}`, {}, auth)).toBe(414);

    // Player URLs (no header): playlist and guide (200, then 304), a channel entry of a channel on air (302),
    // a channel the box does not get (403), one off air (404), a token nobody holds (403).
    const playerBox = await assignedDevice(api, { skip: 7 });
    await activateThroughConsole(api, playerBox.id);
    const urls = await issuePlayerUrls(api, playerBox.id);
    const pathOf = (url: string) => new URL(url).pathname;
    for (const url of [urls.playlistUrl, urls.epgUrl]) {
      const first = await inject({ method: 'GET', url: pathOf(url) });
      expect(first.statusCode, url).toBe(200);
      const again = { 'if-none-match': String(first.headers.etag) };
      expect(await statusOf({ method: 'GET', url: pathOf(url), headers: again }), url).toBe(304);
    }
    const player = pathOf(urls.playlistUrl).replace(/\/playlist\.m3u$/, '');
    expect(await statusOf({ method: 'GET', url: `${player}/live/${channel.slug}.m3u8` })).toBe(404);
    await putOnAir(api.prisma, channel.id);
    expect(await statusOf({ method: 'GET', url: `${player}/live/${channel.slug}.m3u8` })).toBe(302);
    expect(await statusOf({ method: 'GET', url: `${player}/live/no-such-channel.m3u8` })).toBe(403);
    expect(await statusOf({ method: 'GET', url: `/v1/p/${'A'.repeat(43)}/playlist.m3u` })).toBe(403);

    // Beacons: accepted, and a batch that holds no events.
    expect(await post('/v1/beacons', { events: sessionEvents(channel.id, 3) }, auth)).toBe(202);
    expect(await post('/v1/beacons', { events: [] }, auth)).toBe(400);

    // Firmware: stay (204); report the running version (200, a fresh token; 400 for a version the model lacks);
    // a rollout reaching the box: install (200).
    await clearRollouts(api.prisma, device.boxModel.code);
    expect(await statusOf({ method: 'GET', url: '/v1/firmware', headers: auth })).toBe(204);
    const running = await api.prisma.firmwareVersion.findUniqueOrThrow({
      where: { id: device.firmwareVersionId ?? '' },
    });
    expect(await post('/v1/firmware/report', { version: running.version }, auth)).toBe(200);
    expect(await post('/v1/firmware/report', { version: 'no-such-version' }, auth)).toBe(400);
    await rolloutReaching(api, device.id);
    expect(await statusOf({ method: 'GET', url: '/v1/firmware', headers: auth })).toBe(200);

    // A CDN edge's log: a line stored (202 with the per-line report), nothing storable (400), a device's token (401).
    const edge = await api.trpc(
      'delivery.edges.create',
      { name: 'conformance-edge' },
      { role: 'ADMIN', kind: 'mutation' },
    );
    const edgeToken = (edge.body.result?.data.json as { token: string } | undefined)?.token ?? '';
    const edgeLog = (payload: string, authorization = `Bearer ${edgeToken}`) =>
      statusOf({
        method: 'POST',
        url: '/v1/edge-logs',
        payload,
        headers: { authorization, 'content-type': 'application/x-ndjson' },
      });
    const logLine = JSON.stringify({
      time: Date.now(),
      url: `/media/live/${channel.slug}/v0/index0.ts`,
      status: 200,
      bytes: 1000,
      ttfbMs: 3,
      cacheStatus: 'HIT',
      clientIp: '192.0.2.1',
    });
    expect(await edgeLog(`${logLine}\nnot json`)).toBe(202);
    expect(await edgeLog('not json')).toBe(400);
    expect(await edgeLog(logLine, auth.authorization)).toBe(401);

    // The document itself, a path that does not exist, a path asked with a method it does not answer.
    expect(await statusOf({ method: 'GET', url: '/v1/openapi.json' })).toBe(200);
    expect(await statusOf({ method: 'GET', url: '/v1/docs' })).toBe(200);
    expect(await statusOf({ method: 'GET', url: '/v1/nowhere' })).toBe(404);
    const wrongMethod = await inject({ method: 'GET', url: '/v1/activate' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');

    // A box support revoked: its refresh token is refused with DEVICE_REVOKED.
    await api.trpc(
      'subscribers.devices.revokeToken',
      { deviceId: device.id },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(await post('/v1/token/refresh', { refreshToken: fresh.refreshToken })).toBe(403);

    // Over the rate limit (read per request), from an address of its own; then without a device token secret.
    const config = api.deps.deviceApi;
    if (!config) throw new Error('the device API is not configured');
    api.deps.deviceApi = { ...config, rateLimitPerMinute: 1 };
    try {
      const limited = () => statusOf({ method: 'GET', url: '/v1/openapi.json', remoteAddress: '127.0.0.91' });
      await limited();
      expect(await limited()).toBe(429);
      api.deps.deviceApi = undefined;
      expect(await statusOf({ method: 'GET', url: '/v1/lineup', headers: auth })).toBe(503);
    } finally {
      api.deps.deviceApi = config;
    }
    expect(api.conformance.failures).toEqual([]);
  }, 120_000);

  it('answers what arrives before any route (431, 414, 408) and our own failure (500) as declared', async () => {
    const conformance = createConformance(document);
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (api.app.server.address() as { port: number }).port;
    const headers = await rawHttp(
      port,
      `GET /v1/lineup HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const url = await rawHttp(port, `GET /v1/epg?${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    // A request that never finished arriving: Node raises this after headersTimeout, too slow to wait for here.
    let timedOut = '';
    const socket = {
      destroyed: false,
      writable: true,
      write: (text: string) => (timedOut += text),
      destroy: () => {},
    };
    clientErrorHandler({ code: 'ERR_HTTP_REQUEST_TIMEOUT' } as ConnectionError, socket as unknown as Socket);

    // Our own failure: the same app over a database that fails.
    const failing = new Proxy(api.prisma, {
      get: (target, key) =>
        key === '$transaction' ? async () => Promise.reject(new Error('down')) : Reflect.get(target, key),
    });
    const broken = await buildServer({ ...api.deps, prisma: failing, beaconSpoolDir: undefined });
    const watched = watchConformance(broken, document);
    try {
      const code = await issueCode(api, (await assignedDevice(api, { skip: 2 })).id);
      const failed = await broken.inject({
        method: 'POST',
        url: '/v1/activate',
        ...json({ activationCode: code }),
      });
      expect(failed.statusCode).toBe(500);
    } finally {
      await broken.close();
    }

    const answers = [
      { answer: headers, status: 431, route: '/v1/lineup', method: 'GET' },
      { answer: url, status: 414, route: '/v1/epg', method: 'GET' },
      { answer: timedOut, status: 408, route: '/v1/lineup', method: 'GET' },
    ];
    for (const { answer, status, route, method } of answers) {
      const exchange = exchangeOf(answer, method, route);
      expect(exchange.status).toBe(status);
      expect(conformance.check(exchange), `${status}`).toEqual([]);
      alsoSeen.add(`unrouted-or-any ${status}`);
    }
    expect(watched.failures).toEqual([]);
    for (const entry of watched.seen) alsoSeen.add(entry);
  });

  it('saw every status the document declares, for every operation its success', () => {
    const seen = [...api.conformance.seen, ...alsoSeen];
    const statuses = new Set(seen.map((entry) => entry.split(' ').at(-1)));
    const undeclaredSeen = Object.keys(ERROR_RESPONSES).filter((status) => !statuses.has(status));
    expect(undeclaredSeen, 'error statuses the document declares that no call produced').toEqual([]);
    const successes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.keys(operation.responses)
          .filter((status) => Number(status) < 400)
          .map((status) => `${method.toUpperCase()} ${path} ${status}`),
      ),
    );
    expect(successes.filter((entry) => !seen.includes(entry))).toEqual([]);
  });
});

describe('the check fails on what the document does not declare', () => {
  /** A copy of the document to make wrong in one place. */
  const copy = () => structuredClone(document);

  it('a /v1 route the document does not list', async () => {
    const app = await buildServer({ ...api.deps, beaconSpoolDir: undefined });
    app.get('/v1/undeclared', async () => ({ hello: 'world' }));
    const watched = watchConformance(app, document);
    try {
      expect((await app.inject({ method: 'GET', url: '/v1/undeclared' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    expect(watched.failures).toEqual([
      'GET /v1/undeclared → 200: the route GET /v1/undeclared is not in the document',
    ]);
  });

  it('a status, a content type, a body or a header the document does not declare', async () => {
    const pair = await activateThroughConsole(api, (await assignedDevice(api, { skip: 3 })).id);
    const lapsed = await inject({ method: 'POST', url: '/v1/play/heartbeat', headers: bearer(pair) });
    expect(lapsed.statusCode).toBe(409);
    const asSent = (response: LightMyRequestResponse, method: string, route: string): TExchange => ({
      method,
      route,
      url: route,
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
    });
    const heartbeat = asSent(lapsed, 'POST', '/v1/play/heartbeat');
    expect(createConformance(document).check(heartbeat)).toEqual([]);

    // The same answer, had the document not declared 409 for the heartbeat.
    const no409 = copy();
    const operation = no409.paths['/v1/play/heartbeat']?.post;
    if (operation) delete operation.responses['409'];
    expect(createConformance(no409).check(heartbeat)).toEqual(['status 409 is not declared']);

    // A real lineup against a Lineup that requires one more member.
    const lineup = asSent(
      await inject({ method: 'GET', url: '/v1/lineup', headers: bearer(pair) }),
      'GET',
      '/v1/lineup',
    );
    const stricter = copy();
    const schema = stricter.components.schemas.Lineup as { required: string[] };
    schema.required = [...schema.required, 'nextPage'];
    expect(createConformance(stricter).check(lineup)).toEqual([
      "body: body must have required property 'nextPage'",
    ]);

    const check = createConformance(document).check;
    // HTML where problem+json is declared.
    expect(check({ ...heartbeat, headers: { 'content-type': 'text/html' } })).toEqual([
      'content type "text/html" is not declared (application/problem+json)',
    ]);
    // A 431 as it was before: with an `issues` member the Problem schema does not have.
    const tooLarge = {
      type: 'https://keten.dev/problems/headers_too_large',
      title: 'The request headers are too large.',
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      message: 'The request headers are too large.',
      issues: [],
    };
    expect(
      check({
        method: 'GET',
        route: '/v1/lineup',
        url: '/v1/lineup',
        status: 431,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify(tooLarge),
      }),
    ).toEqual(['body: body must NOT have additional properties']);
    // A code of another status.
    expect(check({ ...heartbeat, body: lapsed.body.replace('CONCURRENCY_LIMIT', 'RATE_LIMITED') })).toEqual([
      'body: body/code must be equal to one of the allowed values',
    ]);
    // 429 without Retry-After.
    const limited = {
      ...heartbeat,
      status: 429,
      body: JSON.stringify({
        ...tooLarge,
        issues: undefined,
        status: 429,
        code: 'RATE_LIMITED',
        type: 'https://keten.dev/problems/rate_limited',
      }),
    };
    expect(check(limited)).toEqual(['required header Retry-After is missing']);
  });

  it('a request the server accepts but the document refuses (the MAC the spec once said was lower-case only)', async () => {
    const device = await assignedDevice(api, { skip: 4 });
    const body = {
      serial: device.serial,
      mac: device.mac.toUpperCase(),
      provisioningSecret: api.deps.deviceApi?.provisioningSecret,
    };
    const response = await inject({ method: 'POST', url: '/v1/activate', ...json(body) });
    expect(response.statusCode).toBe(201);
    const exchange: TExchange = {
      method: 'POST',
      route: '/v1/activate',
      url: '/v1/activate',
      status: 201,
      headers: response.headers,
      body: response.body,
      request: { body },
    };
    expect(createConformance(document).check(exchange)).toEqual([]);
    const lowerOnly = copy();
    const activate = lowerOnly.components.schemas.Activate as {
      anyOf: { properties: Record<string, { pattern?: string }> }[];
    };
    const mac = activate.anyOf[1]?.properties.mac;
    if (mac) mac.pattern = '^([0-9a-f]{2}[:-]?){5}[0-9a-f]{2}$';
    const [finding] = createConformance(lowerOnly).check(exchange);
    expect(finding).toMatch(/^accepted a request body the document refuses: .*body\/mac must match pattern/);
  });
});
