import type { PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';

/** A start-up failure that names the variable to fix, instead of a driver's stack trace. */
export class StartupError extends Error {}

async function within<T>(ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const reason = (error: unknown) =>
  error instanceof Error ? error.message.split('\n').at(-1)?.trim() : String(error);

/** Checks PostgreSQL and Redis answer before the API takes traffic; each failure names its variable. */
export async function assertStoresReachable(prisma: PrismaClient, redis: Redis): Promise<void> {
  try {
    await within(10_000, () => prisma.$queryRaw`SELECT 1`);
  } catch (error) {
    throw new StartupError(
      `DATABASE_URL: PostgreSQL is not reachable (${reason(error)}). Is it running? ./keten up starts it.`,
    );
  }
  try {
    await within(10_000, () => redis.ping());
  } catch (error) {
    throw new StartupError(
      `REDIS_URL: Redis is not reachable (${reason(error)}). Is it running? ./keten up starts it.`,
    );
  }
}
