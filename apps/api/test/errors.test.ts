import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { TRANSCODE_QUEUE, TRPC_MAX_BATCH_SIZE } from '@keten/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server';
import { startTestApi, TEST_DEVICE_API } from './harness';

// What a leak looks like: a stack frame, a source path, SQL or a Prisma invocation.
const LEAK =
  /\bat .+:\d+:\d+|\/work\/|node_modules|\.ts\b|SELECT |INSERT |prisma\.|invocation|DriverAdapterError/i;

/** One raw HTTP exchange on a real socket: errors Node's parser raises never reach inject(). */
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

function problemOf(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: JSON.parse(body) };
}

// A database that fails the way Prisma does: its message quotes the call site, a path and SQL.
const failure = () =>
  new Error(
    'Invalid `prisma.channel.findMany()` invocation in /work/apps/api/src/x.ts:12:3 → SELECT "id" FROM "channels"',
  );
// Marked handled at once: a query built but never awaited (inside $transaction([...])) must not go unhandled.
const failingQuery = () => {
  const query = Promise.reject(failure());
  query.catch(() => undefined);
  return query;
};

describe('errors: problem+json everywhere, nothing internal in any response', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let broken: FastifyInstance;
  const logLines: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });

  beforeAll(async () => {
    api = await startTestApi();
    const failing = new Proxy(api.prisma, {
      get(target, key) {
        if (key === '$transaction') return async () => Promise.reject(failure());
        if (key === 'channel' || key === 'device') return new Proxy({}, { get: () => failingQuery });
        return Reflect.get(target, key);
      },
    });
    broken = await buildServer(
      { ...api.deps, prisma: failing },
      { logger: { level: 'error', stream: logStream } },
    );
    await api.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await broken?.close();
    await api?.stop();
  });

  it('a tRPC error carries no stack, even a 401 for an anonymous caller', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/trpc/channels.list' });
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toMatch(LEAK);
    expect(response.json().error.json.data).not.toHaveProperty('stack');
  });

  it('a failing procedure answers a generic 500 whose request id is in the header and the log line', async () => {
    const cookie = await api.cookieFor('ADMIN');
    const input = encodeURIComponent(JSON.stringify({ json: {} }));
    const response = await broken.inject({
      method: 'GET',
      url: `/trpc/channels.list?input=${input}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(LEAK);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const error = response.json().error.json;
    expect(error.message).toBe(
      `Something went wrong on our side. Quote request id ${requestId} when you report it.`,
    );
    expect(error.data.requestId).toBe(requestId);
    const logged = logLines.find((line) => line.reqId === requestId);
    expect(JSON.stringify(logged)).toMatch(/prisma\.channel\.findMany/);
  });

  it('a console call whose session cannot be checked answers 500 with its request id too', async () => {
    // Whichever way the session is looked up (a raw query or the client's models), it fails.
    const noOperators = new Proxy(api.prisma, {
      get: (target, key) =>
        key === '$queryRaw'
          ? failingQuery
          : key === 'operator' || key === 'revokedSession'
            ? new Proxy({}, { get: () => failingQuery })
            : Reflect.get(target, key),
    });
    const sessionsDown = await buildServer(
      { ...api.deps, prisma: noOperators },
      { logger: { level: 'error', stream: logStream } },
    );
    try {
      const response = await sessionsDown.inject({
        method: 'GET',
        url: '/trpc/me.get,channels.list?batch=1&input=%7B%7D',
        headers: { cookie: await api.cookieFor('ADMIN') },
      });
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(LEAK);
      const requestId = response.headers['x-request-id'];
      for (const answer of response.json()) {
        expect(answer.error.json.message).toBe(
          `Something went wrong on our side. Quote request id ${requestId} when you report it.`,
        );
      }
      expect(logLines.some((line) => line.reqId === requestId)).toBe(true);
    } finally {
      await sessionsDown.close();
    }
  });

  it('a server-side parse failure is a plain 500: no zod issues, so no schema paths, in the answer', async () => {
    // A history row whose stored input no longer parses as a transcode job: the retry parses it on the server.
    const row = await api.prisma.jobRecord.create({
      data: { queue: TRANSCODE_QUEUE, kind: 'vod-transcode', state: 'FAILED', input: { mystery: true } },
    });
    const retried = await api.trpc('jobs.retry', { id: row.id }, { role: 'ADMIN', kind: 'mutation' });
    expect(retried.status).toBe(500);
    expect(retried.body.error?.json.data.zodError).toBeNull();
    expect(retried.body.error?.json.message).toMatch(/^Something went wrong on our side/);
    expect(JSON.stringify(retried.body)).not.toMatch(/sourcePath|profileVersionId|jobRecordId/);
    // A refused input still names its field for the form.
    const refused = await api.trpc('jobs.retry', { id: '' }, { role: 'ADMIN', kind: 'mutation' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.json.data.zodError?.fieldErrors.id).toBeTruthy();
  });

  it('a failing /v1 route answers a generic problem+json 500 with the request id', async () => {
    const response = await broken.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: {
        serial: 'SN-1',
        mac: 'a4:2b:8c:01:02:03',
        provisioningSecret: TEST_DEVICE_API.provisioningSecret,
      },
    });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).not.toMatch(LEAK);
    const requestId = response.headers['x-request-id'];
    expect(response.json()).toMatchObject({ status: 500, code: 'INTERNAL', requestId });
    expect(logLines.some((line) => line.reqId === requestId)).toBe(true);
  });

  it("Fastify's own errors are problem+json: 404, bad URL, 413, 414, 415 (kept on /v1), bad JSON", async () => {
    const cases = [
      { request: { method: 'GET', url: '/nowhere' }, status: 404, code: 'NOT_FOUND' },
      { request: { method: 'POST', url: '/v1/play/%zz' }, status: 400, code: 'INVALID_INPUT', field: 'url' },
      {
        request: { method: 'POST', url: `/v1/play/${'x'.repeat(6_000)}` },
        status: 414,
        code: 'URI_TOO_LONG',
        field: 'url',
      },
      {
        request: {
          method: 'POST',
          url: '/v1/activate',
          payload: 'x'.repeat(1_100_000),
          headers: { 'content-type': 'application/json' },
        },
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        field: 'body',
      },
      {
        request: {
          method: 'POST',
          url: '/v1/activate',
          payload: '<a/>',
          headers: { 'content-type': 'application/xml' },
        },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        field: 'body',
      },
      {
        request: {
          method: 'POST',
          url: '/v1/activate',
          payload: '{"serial":',
          headers: { 'content-type': 'application/json' },
        },
        status: 400,
        code: 'INVALID_INPUT',
        field: 'body',
      },
    ] as const;
    for (const { request, status, code, ...rest } of cases) {
      const response = await api.app.inject(request);
      expect(response.statusCode, request.url.slice(0, 40)).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status, code, ...rest });
    }
  });

  it('431 and an over-long URL are problem+json too (raised by the HTTP parser, before Fastify)', async () => {
    const port = (api.app.server.address() as { port: number }).port;
    const headers = problemOf(
      await rawHttp(port, `GET /v1/lineup HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(headers).toMatchObject({ status: 431, body: { code: 'HEADERS_TOO_LARGE', field: 'headers' } });
    expect(headers.head).toContain('content-type: application/problem+json');
    const url = problemOf(
      await rawHttp(port, `GET /v1/epg?${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
    );
    expect(url).toMatchObject({ status: 414, body: { code: 'URI_TOO_LONG', field: 'url' } });
  });

  it('a NUL or a lone surrogate is refused before any route or procedure, naming the field', async () => {
    const activate = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { serial: 'SN\u0000', mac: 'a4:2b:8c:01:02:03', provisioningSecret: 'x' },
    });
    expect(activate.statusCode).toBe(400);
    expect(activate.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'serial' });
    const search = await api.trpc('subscribers.list', { q: 'x\uD800' }, { role: 'ADMIN' });
    expect(search.status).toBe(400);
    expect(search.body.error?.json.data.zodError?.fieldErrors.q).toEqual([
      'must be valid Unicode text (it holds a lone UTF-16 surrogate)',
    ]);
    expect(search.body.error?.json.message).toBe(
      'Search: must be valid Unicode text (it holds a lone UTF-16 surrogate)',
    );
  });

  it('a tRPC batch larger than the limit is refused as a whole with a clear error', async () => {
    const cookie = await api.cookieFor('ADMIN');
    const batch = (size: number) =>
      api.app.inject({
        method: 'GET',
        url: `/trpc/${Array(size).fill('me.get').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
        headers: { cookie },
      });
    expect((await batch(TRPC_MAX_BATCH_SIZE)).statusCode).toBe(200);
    const refused = await batch(TRPC_MAX_BATCH_SIZE + 1);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`at most ${TRPC_MAX_BATCH_SIZE} calls`);
  });

  it('429 says why in its title (not "[object Object]")', async () => {
    const stale = await api.redis.keys('keten:errors-test-rate:*');
    if (stale.length > 0) await api.redis.del(...stale);
    const limited = await buildServer({
      ...api.deps,
      deviceApi: {
        ...api.deps.deviceApi,
        tokenSecret: 'device-token-secret-for-the-errors-test',
        rateLimitPerMinute: 2,
      },
    });
    try {
      let last = await limited.inject({ method: 'GET', url: '/v1/lineup' });
      for (let i = 0; i < 5 && last.statusCode !== 429; i++)
        last = await limited.inject({ method: 'GET', url: '/v1/lineup' });
      expect(last.statusCode).toBe(429);
      expect(last.json()).toMatchObject({
        code: 'RATE_LIMITED',
        title: expect.stringMatching(/^Too many requests; retry in \d+ s\.$/),
      });
    } finally {
      await limited.close();
    }
  });
});
