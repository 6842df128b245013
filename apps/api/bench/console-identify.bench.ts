/**
 * What checking a console session costs per request, now that signed-out sessions live in PostgreSQL: the operator
 * row alone, the row plus the revoked-session lookup in PostgreSQL (identifyOperator, what runs), and the row plus a
 * Redis EXISTS (the earlier design, for comparison). One call at a time and CONCURRENT at once, variants interleaved
 * in rounds of changing order (the machine is shared); prints p50/p99 per call and each ratio against the row alone,
 * with BENCH_REVOKED signed-out sessions in the table. Asserts nothing.
 * Run: pnpm --filter @keten/api exec tsx bench/console-identify.bench.ts  (BENCH_CALLS=8000 BENCH_ROUNDS=16 BENCH_REVOKED=10000)
 */
import { randomUUID } from 'node:crypto';
import { createPrisma } from '@keten/db/client';
import { createTestDatabase } from '@keten/db/testing';
import { Redis } from 'ioredis';
import { identifyOperator } from '../src/auth/identify';
import { decodeSessionToken, encodeSessionToken, sessionTokenFromCookieHeader } from '../src/auth/session';

const CALLS = Number(process.env.BENCH_CALLS ?? 8000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 16);
const REVOKED = Number(process.env.BENCH_REVOKED ?? 10_000);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 8);
const SECRET = 'bench-session-secret-that-is-at-least-32-characters';

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
};

async function main() {
  const database = await createTestDatabase('bench-identify');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    // The pool main.ts gives the API (10), not the test helper's smaller one.
    const prisma = createPrisma(database.url);
    const operator = await prisma.operator.create({
      data: { email: `bench-${randomUUID()}@bench.keten`, name: 'Bench', role: 'NOC', passwordHash: 'x' },
    });
    const expiresAt = new Date(Date.now() + 8 * 3600_000);
    for (let i = 0; i < REVOKED; i += 1000) {
      await prisma.revokedSession.createMany({
        data: Array.from({ length: Math.min(1000, REVOKED - i) }, () => ({
          sessionId: randomUUID(),
          expiresAt,
        })),
      });
    }
    const cookie = `next-auth.session-token=${await encodeSessionToken({ sub: operator.id }, SECRET)}`;
    const deps = { prisma, sessionSecret: SECRET };
    const select = { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true };
    // Every variant decrypts the cookie first, as a request does, so the ratios compare the lookups alone.
    const token = sessionTokenFromCookieHeader(cookie);
    const decoded = async () => {
      const claims = await decodeSessionToken(token, SECRET);
      if (!claims) throw new Error('the bench cookie does not decode');
      return claims;
    };
    const row = (id: string) => prisma.operator.findUnique({ where: { id }, select });
    const variants = {
      'row only': async () => row((await decoded()).sub),
      'identifyOperator (one query, now)': () => identifyOperator(deps, cookie),
      'row + revocation, two queries': async () => {
        const claims = await decoded();
        return Promise.all([
          row(claims.sub),
          prisma.revokedSession.findUnique({ where: { sessionId: claims.sid }, select: { sessionId: true } }),
        ]);
      },
      'row + Redis EXISTS (before)': async () => {
        const claims = await decoded();
        return Promise.all([row(claims.sub), redis.exists(`keten:operator-session:revoked:${claims.sid}`)]);
      },
    } as const;
    const names = Object.keys(variants) as (keyof typeof variants)[];
    for (const name of names) for (let i = 0; i < 200; i++) await variants[name](); // warm-up
    console.log(
      `console session check: ${CALLS} calls per variant in ${ROUNDS} rounds, one at a time and ${CONCURRENT} at once; ${REVOKED.toLocaleString('en')} revoked sessions in the table`,
    );
    for (const concurrency of [1, CONCURRENT]) {
      const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
        keyof typeof variants,
        number[]
      >;
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of names.map((_, i, all) => all[(i + round) % all.length]!)) {
          let left = CALLS / ROUNDS;
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              while (left-- > 0) {
                const started = performance.now();
                await variants[name]();
                samples[name].push(performance.now() - started);
              }
            }),
          );
        }
      }
      const base = quantile(samples['row only'], 0.5);
      console.log(`${concurrency === 1 ? 'one at a time' : `${concurrency} at once`}:`);
      for (const name of names) {
        const p50 = quantile(samples[name], 0.5);
        console.log(
          `  ${name.padEnd(36)} p50 ${p50.toFixed(3)} ms   p99 ${quantile(samples[name], 0.99).toFixed(3)} ms   p50 ratio to row only ${(p50 / base).toFixed(2)}`,
        );
      }
    }
    await prisma.$disconnect();
  } finally {
    await redis.quit();
    await database.drop();
  }
}

await main();
