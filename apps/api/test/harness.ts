import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TRole } from '@keten/contracts';
import { ROLES } from '@keten/contracts';
import { createClickHouse, migrateClickHouse } from '@keten/db/clickhouse';
import { createSqlPool } from '@keten/db/client';
import { createTestDatabase } from '@keten/db/testing';
import { Redis } from 'ioredis';
import superjson from 'superjson';
import { hashPassword } from '../src/auth/passwords';
import { encodeSessionToken } from '../src/auth/session';
import type { TDeps } from '../src/deps';
import { deviceOpenApi } from '../src/device-api/openapi';
import { startIngestEventsConsumer } from '../src/ingest/ingest-events.consumer';
import { buildServer } from '../src/server';
import type { TContext } from '../src/trpc/context';
import { watchConformance } from './openapi-conformance';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const TEST_PASSWORD = 'correct horse battery staple';

export const TEST_DEVICE_API = {
  tokenSecret: 'device-token-secret-for-tests-0123456789',
  provisioningSecret: 'provisioning-secret-for-tests-0123456789',
};

/** A real API over a fresh PostgreSQL database, real Redis and embedded ClickHouse, with one operator per role. */
export async function startTestApi(
  testOptions: Partial<Pick<TDeps, 'deviceApi' | 'beaconSpoolDir' | 'deliverySpoolDir' | 'fetchPolicy'>> & {
    /** Also run the ingest-events consumer (worker findings → ClickHouse) on the test's queue prefix. */
    ingestEvents?: boolean;
    /**
     * Check every /v1 response against the OpenAPI document (default). Benchmarks turn it off: production does not
     * parse and validate each response it sends, so a figure measured with the check would not be the API's.
     */
    conformance?: boolean;
  } = {},
) {
  const { ingestEvents, conformance: checkConformance = true, ...options } = testOptions;
  const database = await createTestDatabase('api');
  const dataDir = await mkdtemp(join(tmpdir(), 'keten-api-ch-'));
  const clickhouse = await createClickHouse({ dataDir });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const mediaRoot = await mkdtemp(join(tmpdir(), 'keten-api-media-'));
  const deps: TDeps = {
    prisma: database.prisma,
    sql: createSqlPool(database.url),
    redis,
    clickhouse,
    sessionSecret: TEST_SECRET,
    mediaRoot,
    workerQueuePrefix: `keten-test-${database.name.slice(-8)}`,
    deviceApi: { ...TEST_DEVICE_API },
    ...options,
  };
  const app = await buildServer(deps);
  // Every /v1 response of every test is checked against the OpenAPI document as it is sent; stop() fails on any finding.
  const conformance = checkConformance
    ? watchConformance(app, deviceOpenApi(deps))
    : { failures: [] as string[], seen: new Set<string>(), checked: 0 };
  if (ingestEvents) await migrateClickHouse(clickhouse.client);
  const ingest = ingestEvents
    ? startIngestEventsConsumer({ redis, clickhouse, prefix: deps.workerQueuePrefix })
    : null;

  const passwordHash = await hashPassword(TEST_PASSWORD);
  // Unique emails per run: login failure counters live in the shared Redis for 15 minutes.
  const run = database.name.slice(-8);
  const operators = {} as Record<TRole, { id: string; email: string; name: string; role: TRole }>;
  for (const role of ROLES) {
    operators[role] = await database.prisma.operator.create({
      data: { email: `${role.toLowerCase()}-${run}@test.keten`, name: `Test ${role}`, role, passwordHash },
      select: { id: true, email: true, name: true, role: true },
    });
  }

  const cookieFor = async (role: TRole) =>
    `next-auth.session-token=${await encodeSessionToken({ sub: operators[role].id }, TEST_SECRET)}`;

  /** Calls a tRPC procedure over HTTP, as the console does. */
  const trpc = async (
    path: string,
    input: unknown,
    options: { role?: TRole; cookie?: string; kind?: 'query' | 'mutation' } = {},
  ) => {
    const cookie = options.cookie ?? (options.role ? await cookieFor(options.role) : undefined);
    const payload = JSON.stringify(superjson.serialize(input));
    const response =
      options.kind === 'mutation'
        ? await app.inject({
            method: 'POST',
            url: `/trpc/${path}`,
            payload,
            headers: { cookie, 'content-type': 'application/json' },
          })
        : await app.inject({
            method: 'GET',
            url: `/trpc/${path}?input=${encodeURIComponent(payload)}`,
            headers: { cookie },
          });
    return { status: response.statusCode, body: response.json() as TRpcResponse };
  };

  const contextFor = (role: TRole | null, ip = '127.0.0.1'): TContext => ({
    ...deps,
    ip,
    operator: role ? operators[role] : null,
  });

  const stop = async () => {
    await ingest?.close();
    await app.close();
    await deps.sql.end();
    await redis.quit();
    await clickhouse.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(mediaRoot, { recursive: true, force: true });
    if (conformance.failures.length > 0) {
      throw new Error(
        `${conformance.failures.length} /v1 response(s) differ from the OpenAPI document:\n${conformance.failures.slice(0, 20).join('\n')}`,
      );
    }
  };

  return {
    app,
    deps,
    prisma: database.prisma,
    /** For a second client on the same database (another API process, as a replica would be). */
    databaseUrl: database.url,
    redis,
    operators,
    cookieFor,
    trpc,
    contextFor,
    conformance,
    stop,
  };
}

/**
 * A Redis client as main.ts makes it, on a 127.0.0.1 port nothing listens on: every command fails the way it
 * does while Redis is down. Errors are swallowed (main.ts logs them once). Call disconnect() when done.
 */
export async function unreachableRedis(): Promise<Redis> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 3, lazyConnect: true });
  redis.on('error', () => {});
  return redis;
}

export interface TRpcResponse {
  result?: { data: { json: unknown } };
  error?: {
    json: {
      message: string;
      code: number;
      data: {
        code: string;
        httpStatus: number;
        zodError: TZodFlat | null;
        keten: { code: string; field: string | null } | null;
      };
    };
  };
}
interface TZodFlat {
  formErrors: string[];
  fieldErrors: Record<string, string[] | undefined>;
}
