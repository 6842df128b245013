import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_DEVICE_API } from './harness';
import { seedSweepData } from './sweep/fixtures';
import { createCases, type TSchema } from './sweep/schema-cases';
import {
  operationTargets,
  procedureTargets,
  resolverOf,
  type TOpenApiDocument,
  type TProcedureTarget,
} from './sweep/targets';

/**
 * Schema-driven hostile input: every tRPC procedure (from its zod input) and every /v1 operation (from the
 * OpenAPI document the server serves) gets a valid-looking baseline and then, field by field, missing and
 * mistyped values, NUL, lone surrogates, huge strings, out-of-range dates and numbers and injection strings.
 * No answer may be a 5xx; refusals must be problem+json with a field (/v1) or a tRPC error naming the field.
 */

// What a leak looks like in a response: a stack frame, a source path, a Prisma or driver message.
const LEAK = /\n\s+at |node_modules|\/work\/|\/src\/|prisma\.|invocation|DriverAdapterError|PrismaClient/i;
// The sweep's own address: its /v1 requests count against their own rate-limit key, nobody else's.
const SWEEP_ADDRESS = '127.0.0.77';

/** encodeURIComponent that survives a lone surrogate (sent as its raw UTF-8-style bytes, as a hostile client would). */
function encodeLoose(text: string): string {
  return [...text]
    .map((char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        const code = char.charCodeAt(0);
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
    })
    .join('');
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

interface TTrpcError {
  message?: string;
  data?: {
    code?: string;
    zodError?: { fieldErrors: Record<string, string[]>; formErrors: string[] } | null;
    keten?: { field?: string | null } | null;
  };
}

describe('hostile sweep: no input gets a 5xx', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let spoolDir: string;
  let sweep: Awaited<ReturnType<typeof seedSweepData>>;
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let sent = { trpc: 0, v1: 0 };
  let startedAt = 0;
  let cpuAtStart: NodeJS.CpuUsage;

  const count = (response: LightMyRequestResponse) =>
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  const fail = (where: string, label: string, response: LightMyRequestResponse, why: string) =>
    failures.push(`${where} [${label}] → ${response.statusCode} ${why}: ${response.body.slice(0, 300)}`);

  beforeAll(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'keten-sweep-spool-'));
    api = await startTestApi({
      deviceApi: { ...TEST_DEVICE_API, rateLimitPerMinute: 1_000_000 },
      beaconSpoolDir: spoolDir,
      deliverySpoolDir: join(spoolDir, 'delivery'),
      ingestEvents: true,
    });
    sweep = await seedSweepData(api);
    startedAt = performance.now();
    cpuAtStart = process.cpuUsage();
  }, 120_000);
  afterAll(async () => {
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    const cpu = process.cpuUsage(cpuAtStart);
    console.log(
      `hostile sweep: ${sent.trpc + sent.v1} requests (tRPC ${sent.trpc}, /v1 ${sent.v1}) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s ` +
        `(${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in this process); by status: ${summary.join(', ')}`,
    );
    await api?.stop();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('every /v1 operation of the OpenAPI document', async () => {
    const token = await sweep.activate();
    const document = (
      await api.app.inject({ method: 'GET', url: '/v1/openapi.json' })
    ).json() as TOpenApiDocument;
    const generator = createCases({ resolve: resolverOf(document), hint: sweep.v1Hint, jsonOnly: true });
    const targets = operationTargets(document);
    expect(targets.length).toBeGreaterThan(5);

    for (const target of targets) {
      const where = `${target.method} ${target.path}`;
      const objectOf = (properties: Record<string, TSchema>, required: boolean): TSchema => ({
        type: 'object',
        properties,
        required: required ? Object.keys(properties) : [],
      });
      const query = generator.cases(objectOf(target.query, false));
      const params = generator.cases(objectOf(target.params, true));
      const body = target.body ? generator.cases(target.body) : null;
      const send = async (
        label: string,
        parts: { query?: unknown; params?: unknown; body?: unknown },
        auth: string | null = `Bearer ${token}`,
      ) => {
        const paramValues = (parts.params ?? params.baseline) as Record<string, unknown>;
        const url = target.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeLoose(String(paramValues?.[name] ?? '')),
        );
        const queryValues = parts.query ?? query.baseline;
        const search =
          typeof queryValues === 'object' && queryValues !== null
            ? Object.entries(queryValues)
                .filter(([, value]) => value !== undefined)
                .flatMap(([key, value]) =>
                  (Array.isArray(value) ? value : [value]).map((item) => [key, item]),
                )
                .map(
                  ([key, value]) =>
                    `${encodeLoose(String(key))}=${encodeLoose(typeof value === 'object' ? JSON.stringify(value) : String(value))}`,
                )
                .join('&')
            : encodeLoose(String(queryValues));
        const payload = 'body' in parts ? parts.body : body?.baseline;
        const response = await api.app.inject({
          method: target.method,
          url: search ? `${url}?${search}` : url,
          remoteAddress: SWEEP_ADDRESS,
          headers: {
            ...(auth ? { authorization: auth } : {}),
            ...(payload !== undefined && target.method === 'POST'
              ? { 'content-type': 'application/json' }
              : {}),
          },
          ...(payload !== undefined && target.method === 'POST' ? { payload: JSON.stringify(payload) } : {}),
        });
        sent.v1++;
        count(response);
        if (response.statusCode >= 500) return fail(where, label, response, 'server error');
        if (response.statusCode < 400) return;
        if (LEAK.test(response.body)) fail(where, label, response, 'leaks internals');
        const problem = parseJson(response.body) as Record<string, unknown> | undefined;
        if (!String(response.headers['content-type']).startsWith('application/problem+json') || !problem)
          return fail(where, label, response, 'not problem+json');
        if (
          typeof problem.code !== 'string' ||
          typeof problem.title !== 'string' ||
          problem.title.includes('[object')
        )
          fail(where, label, response, 'problem without code or title');
        if (response.statusCode === 400 && (typeof problem.field !== 'string' || problem.field === ''))
          fail(where, label, response, '400 without a field');
      };

      await send('anonymous', {}, null);
      await send('a forged token', {}, 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x');
      await send('an unknown query parameter holding a NUL', {
        query: { ...(query.baseline as object), x: 'a\u0000' },
      });
      for (const item of query.cases) await send(`query ${item.label}`, { query: item.input });
      for (const item of params.cases)
        if (item.field) await send(`path ${item.label}`, { params: item.input });
      for (const item of body?.cases ?? []) await send(`body ${item.label}`, { body: item.input });
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('every tRPC procedure of the router', async () => {
    const admin = await api.cookieFor('ADMIN');
    const targets = procedureTargets();
    expect(targets.length).toBeGreaterThan(40);
    const invalidBaselines: string[] = [];

    const sweepProcedure = async (target: TProcedureTarget) => {
      const call = async (label: string, input: unknown, field: string, cookie: string | null = admin) => {
        const serialized = input === undefined ? undefined : JSON.stringify(superjson.serialize(input));
        const headers = cookie ? { cookie } : {};
        const response =
          target.kind === 'query'
            ? await api.app.inject({
                method: 'GET',
                url: `/trpc/${target.path}${serialized === undefined ? '' : `?input=${encodeURIComponent(serialized)}`}`,
                headers,
              })
            : await api.app.inject({
                method: 'POST',
                url: `/trpc/${target.path}`,
                headers: {
                  ...headers,
                  ...(serialized === undefined ? {} : { 'content-type': 'application/json' }),
                },
                ...(serialized === undefined ? {} : { payload: serialized }),
              });
        sent.trpc++;
        count(response);
        if (response.statusCode >= 500) return fail(target.path, label, response, 'server error');
        if (response.statusCode < 400) return;
        if (LEAK.test(response.body)) fail(target.path, label, response, 'leaks internals');
        // Refused by the HTTP layer before tRPC (a body over the limit): a problem document naming the body.
        if (String(response.headers['content-type']).startsWith('application/problem+json')) {
          const problem = parseJson(response.body) as { field?: string } | undefined;
          if (!problem?.field) fail(target.path, label, response, 'problem without a field');
          return;
        }
        const error = (parseJson(response.body) as { error?: { json?: TTrpcError } } | undefined)?.error
          ?.json;
        if (!error?.data) return fail(target.path, label, response, 'not a tRPC error');
        if (/^\s*[[{]/.test(error.message ?? ''))
          fail(target.path, label, response, 'message is a JSON dump');
        if (error.data.code !== 'BAD_REQUEST') return;
        const zod = error.data.zodError;
        const named =
          Object.keys(zod?.fieldErrors ?? {}).length > 0 ||
          Boolean(error.data.keten?.field) ||
          (field === '' && (zod?.formErrors.length ?? 0) > 0);
        if (!named) fail(target.path, label, response, 'input error names no field');
      };

      if (!target.schema) {
        await call('no input', undefined, '');
        await call('anonymous', undefined, '', null);
        await call('unexpected input with a NUL', { x: 'a\u0000' }, '');
        return;
      }
      const { baseline, cases } = createCases({ hint: sweep.trpcHint(target.path) }).cases(target.schema);
      if (!target.parse(baseline)) invalidBaselines.push(target.path);
      await call('anonymous', baseline, '', null);
      for (const item of cases) await call(item.label, item.input, item.field);
    };

    // Mutations one after another (they change shared rows); queries meanwhile, in two more lanes.
    const queries = targets.filter((target) => target.kind === 'query');
    const lanes = [
      targets.filter((target) => target.kind === 'mutation'),
      queries.filter((_, i) => i % 2 === 0),
      queries.filter((_, i) => i % 2 === 1),
    ];
    await Promise.all(
      lanes.map(async (lane) => {
        for (const target of lane) await sweepProcedure(target);
      }),
    );
    if (invalidBaselines.length > 0)
      console.log(`baselines the schema refuses (swept less deeply): ${invalidBaselines.join(', ')}`);
    expect(failures).toEqual([]);
    // Nothing swept may hand work to the worker (ffmpeg): no queue of this test's prefix holds a job.
    const queued = await api.redis.keys(`${api.deps.workerQueuePrefix}:*`);
    expect(
      queued.filter((key) => /:(wait|active|delayed|prioritized|paused|waiting-children)$/.test(key)),
    ).toEqual([]);
  }, 120_000);

  it('raw input nested 100,000 deep, past any JSON walker', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const admin = await api.cookieFor('ADMIN');
    for (const request of [
      {
        method: 'POST' as const,
        url: '/trpc/channels.create',
        payload: `{"json":${deep}}`,
        headers: { cookie: admin, 'content-type': 'application/json' },
      },
      {
        method: 'GET' as const,
        url: `/trpc/channels.list?input=${encodeURIComponent(`{"json":${deep}}`)}`,
        headers: { cookie: admin },
      },
      {
        method: 'POST' as const,
        url: '/v1/activate',
        payload: deep,
        headers: { 'content-type': 'application/json' },
      },
    ]) {
      const response = await api.app.inject({ ...request, remoteAddress: SWEEP_ADDRESS });
      sent = {
        ...sent,
        [request.url.startsWith('/v1') ? 'v1' : 'trpc']:
          sent[request.url.startsWith('/v1') ? 'v1' : 'trpc'] + 1,
      };
      count(response);
      expect(response.statusCode, request.url.slice(0, 30)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, request.url.slice(0, 30)).toBeLessThan(500);
    }
  });
});
