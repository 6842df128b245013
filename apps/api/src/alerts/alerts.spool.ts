import type { Redis } from 'ioredis';

const DEFAULT_PREFIX = 'keten';
/** An instance that has not reported for this long is gone (its spool is no longer anyone's figure). */
const STALE_MS = 90_000;

const keyOf = (prefix: string | undefined) => `${prefix ?? DEFAULT_PREFIX}:alerts:spool-age`;

/**
 * Each api instance has its own beacon spool; the one that evaluates the rules reads every instance's figure from
 * a Redis hash (instance → { ageSeconds, at }) that each instance refreshes every few seconds.
 */
export async function publishSpoolAge(
  redis: Redis,
  prefix: string | undefined,
  instance: string,
  ageSeconds: number,
  now = new Date(),
) {
  await redis.hset(keyOf(prefix), instance, JSON.stringify({ ageSeconds, at: now.getTime() }));
}

export async function readSpoolAges(redis: Redis, prefix: string | undefined, now: Date) {
  const entries = await redis.hgetall(keyOf(prefix));
  const ages: { instance: string; ageSeconds: number }[] = [];
  const stale: string[] = [];
  for (const [instance, text] of Object.entries(entries)) {
    const parsed = parseAge(text);
    if (!parsed || now.getTime() - parsed.at > STALE_MS) stale.push(instance);
    else ages.push({ instance, ageSeconds: parsed.ageSeconds });
  }
  if (stale.length > 0) await redis.hdel(keyOf(prefix), ...stale);
  return ages;
}

function parseAge(text: string): { ageSeconds: number; at: number } | null {
  try {
    const value = JSON.parse(text) as { ageSeconds?: unknown; at?: unknown };
    return typeof value.ageSeconds === 'number' && typeof value.at === 'number'
      ? { ageSeconds: value.ageSeconds, at: value.at }
      : null;
  } catch {
    return null;
  }
}
