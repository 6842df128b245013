/**
 * Support-search benchmark: 100,000 seeded subscribers, the real API on a port, and support-search latency
 * over HTTP through the tRPC route versus the service function called directly. Prints figures, asserts nothing.
 * Run: pnpm --filter @keten/api exec tsx bench/support-search.bench.ts [subscribers] [requests]
 * BENCH_KEEP=1 keeps the seeded database (its URL is printed); BENCH_DATABASE_URL=<that url> reuses it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse } from '@keten/db/clickhouse';
import { createPrisma, createSqlPool, Prisma } from '@keten/db/client';
import { seed } from '@keten/db/seed';
import { createTestDatabase } from '@keten/db/testing';
import { Redis } from 'ioredis';
import superjson from 'superjson';
import { encodeSessionToken } from '../src/auth/session';
import { buildServer } from '../src/server';
import { supportSearch } from '../src/subscribers/support-search.service';
import { partialSearchSql } from '../src/subscribers/support-search.sql';
import { buildQueries, type TKind } from './support-search.queries';

const SUBSCRIBERS = Number(process.argv[2] ?? 100_000);
const REQUESTS = Number(process.argv[3] ?? 500);
const SECRET = 'bench-secret-that-is-at-least-32-characters-long';

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const ms = (value: number) => value.toFixed(1).padStart(7);

function table(title: string, samples: Map<TKind | 'overall', number[]>) {
  console.log(
    `\n${title}\n${'kind'.padEnd(16)} ${'n'.padStart(4)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}  (ms)`,
  );
  for (const [kind, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `${kind.padEnd(16)} ${String(sorted.length).padStart(4)} ${ms(quantile(sorted, 0.5))} ${ms(quantile(sorted, 0.95))} ${ms(quantile(sorted, 0.99))} ${ms(sorted.at(-1) ?? 0)}`,
    );
  }
}

/** A fresh migrated database, or the kept one named by BENCH_DATABASE_URL (seeding it again inserts nothing). */
async function openDatabase() {
  const reuse = process.env.BENCH_DATABASE_URL;
  if (reuse) return { url: reuse, prisma: createPrisma(reuse), drop: async () => {} };
  const database = await createTestDatabase('bench');
  const keep = process.env.BENCH_KEEP === '1';
  return {
    url: database.url,
    prisma: database.prisma,
    drop: keep ? () => database.prisma.$disconnect() : database.drop,
  };
}

async function main() {
  const database = await openDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'keten-bench-'));
  const prisma = database.prisma;
  try {
    console.log(`seeding ${SUBSCRIBERS.toLocaleString('en')} subscribers into ${database.url} …`);
    let lastLog = performance.now();
    const seeded = await seed(prisma, {
      mediaRoot: join(dataDir, 'media'),
      subscribers: SUBSCRIBERS,
      epgDaysEachSide: 0,
      log: (line) => {
        if (performance.now() - lastLog > 2000) {
          console.log(`  ${line}`);
          lastLog = performance.now();
        }
      },
    });
    console.log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s: ${JSON.stringify(seeded.created)}`);
    await prisma.$executeRawUnsafe('ANALYZE');

    const operator = await prisma.operator.upsert({
      where: { email: 'bench@keten.test' },
      create: { email: 'bench@keten.test', name: 'Bench', role: 'SUPPORT', passwordHash: 'unused' },
      update: {},
    });
    const cookie = `next-auth.session-token=${await encodeSessionToken({ sub: operator.id }, SECRET)}`;
    const clickhouse = await createClickHouse({ dataDir: join(dataDir, 'clickhouse') });
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    // Built as a variable, not a literal: the deps type grows as slices land.
    const sql = createSqlPool(database.url);
    const deps = { prisma, sql, redis, clickhouse, sessionSecret: SECRET, mediaRoot: join(dataDir, 'media') };
    const app = await buildServer(deps, { logger: false });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(`api listening on ${address}`);

    const queries = await buildQueries(prisma, REQUESTS);
    const http = async (q: string) => {
      const input = encodeURIComponent(JSON.stringify(superjson.serialize({ q })));
      const response = await fetch(`${address}/trpc/subscribers.search?input=${input}`, {
        headers: { cookie },
      });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      await response.json();
    };
    for (const { q } of queries.slice(0, 30)) await http(q); // warm-up: JIT, pool, plan cache

    const viaHttp = new Map<TKind | 'overall', number[]>([['overall', []]]);
    const direct = new Map<TKind | 'overall', number[]>([['overall', []]]);
    let hits = 0;
    for (const { kind, q } of queries) {
      const started = performance.now();
      await http(q);
      const took = performance.now() - started;
      viaHttp.set(kind, [...(viaHttp.get(kind) ?? []), took]);
      viaHttp.get('overall')?.push(took);
    }
    for (const { kind, q } of queries) {
      const started = performance.now();
      hits += (await supportSearch(prisma, { q, limit: 20 })).length > 0 ? 1 : 0;
      const took = performance.now() - started;
      direct.set(kind, [...(direct.get(kind) ?? []), took]);
      direct.get('overall')?.push(took);
    }
    table(`support search over HTTP (tRPC), ${queries.length} sequential requests`, viaHttp);
    table('support search, service function called directly (same queries)', direct);
    console.log(`\n${hits}/${queries.length} queries found at least one subscriber`);

    const seen = new Set<TKind>();
    for (const { kind, q } of queries) {
      if (seen.has(kind)) continue;
      seen.add(kind);
      const partial = partialSearchSql({ q, limit: 20 });
      if (!partial) continue;
      const plan = await prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
        Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF) ${partial}`,
      );
      const lines = plan.map((row) => row['QUERY PLAN']);
      // Each scan node: which index (or table, for a sequential scan) served it.
      const scans = lines.flatMap((line) => {
        const m = /(Seq Scan|Bitmap Index Scan|Index Scan|Index Only Scan) on (\w+)/.exec(line);
        return m ? [`${m[1] === 'Seq Scan' ? 'SEQ ' : ''}${m[2]}`] : [];
      });
      console.log(
        `EXPLAIN ${kind.padEnd(14)} ${JSON.stringify(q).padEnd(20)} ${lines.at(-1)?.trim()}\n    ${scans.join(', ')}`,
      );
    }
    await app.close();
    await sql.end();
    await redis.quit();
    await clickhouse.close();
  } finally {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
