import { randomUUID } from 'node:crypto';
import {
  countQoeConcurrency,
  pendingQoeConcurrencyMinutes,
  type TKetenClickHouse,
} from '@keten/db/clickhouse';
import type { Redis } from 'ioredis';

/** One lock for every api process sharing a ClickHouse: the holder counts, the others skip their run. */
export const QOE_COUNT_LOCK_KEY = 'keten:qoe:concurrency-count:lock';
const LOCK_MS = 60_000;
/** Minutes counted per statement: 6 h of history (~15M per-box rows at the bench's 20,000 boxes) per chunk. */
const CHUNK_MINUTES = 360;

const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export type TQoeCountRun = { minutes: number; chunks: number; elapsedMs: number; skipped: boolean };

/**
 * Counts concurrent plays (qoe_concurrency_count_v1) of every closed minute not counted yet or touched by an insert
 * since its count (late beacons, spool replay, the demo history, a bench load), oldest first in chunks, until none is
 * left: a first run on a week of history catches it all up, logging each chunk. Idempotent: a recount replaces the
 * minute's rows. With `redis`, only the holder of QOE_COUNT_LOCK_KEY runs (another process's run is skipped).
 */
export async function runQoeConcurrencyCount(
  clickhouse: Pick<TKetenClickHouse, 'client'>,
  options: {
    redis?: Redis | undefined;
    /** The lock's key (default QOE_COUNT_LOCK_KEY). */
    lockKey?: string;
    now?: number;
    chunkMinutes?: number;
    /** Seconds a count is stamped early (default QOE_COUNT_MARGIN_SECONDS; tests 0). */
    marginSeconds?: number;
    log?: (line: string) => void;
    signal?: AbortSignal;
  } = {},
): Promise<TQoeCountRun> {
  const started = performance.now();
  const chunk = options.chunkMinutes ?? CHUNK_MINUTES;
  const token = randomUUID();
  const { redis } = options;
  const lockKey = options.lockKey ?? QOE_COUNT_LOCK_KEY;
  if (redis && (await redis.set(lockKey, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    return { minutes: 0, chunks: 0, elapsedMs: 0, skipped: true };
  }
  // Closed minutes only: the current one is still filling (reads count it from the per-box rows).
  const before = Math.floor((options.now ?? Date.now()) / 60_000) * 60;
  let after = 0;
  let minutes = 0;
  let chunks = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) break;
      const pending = await pendingQoeConcurrencyMinutes(clickhouse.client, { after, before, limit: chunk });
      if (pending.length === 0) break;
      await countQoeConcurrency(clickhouse.client, pending, options.marginSeconds);
      minutes += pending.length;
      chunks++;
      // A cursor, not "until nothing is pending": a minute touched in the last seconds stays pending (the margin).
      after = (pending.at(-1) ?? before) + 60;
      const more = pending.length === chunk;
      if (more || chunks > 1) {
        options.log?.(
          `qoe concurrency counts: ${minutes.toLocaleString('en')} minutes counted up to ` +
            `${new Date(after * 1000).toISOString()} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
            (more ? ', catching up' : ', caught up'),
        );
      }
      if (!more) break;
      if (redis) await redis.eval(EXTEND, 1, lockKey, token, LOCK_MS);
    }
  } finally {
    if (redis) await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
  }
  return { minutes, chunks, elapsedMs: performance.now() - started, skipped: false };
}

export type TQoeCountJob = {
  /** Stops scheduling and waits for a run in hand. Idempotent. */
  stop(): Promise<void>;
};

/**
 * apps/api's counting job: a run at start, then one every `intervalMs` (a run never overlaps the next). A failing
 * run is logged and retried at the next tick; the counts it did not write are still pending then.
 */
export function startQoeConcurrencyCountJob(options: {
  clickhouse: Pick<TKetenClickHouse, 'client'>;
  redis?: Redis | undefined;
  lockKey?: string;
  intervalMs?: number;
  log?: (line: string) => void;
  onError?: (message: string, error: unknown) => void;
}): TQoeCountJob {
  const interval = options.intervalMs ?? 10_000;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runQoeConcurrencyCount(options.clickhouse, {
      redis: options.redis,
      lockKey: options.lockKey,
      log: options.log,
      signal: stopping.signal,
    })
      .then(
        () => undefined,
        (error: unknown) => options.onError?.('qoe concurrency count failed; retried next run', error),
      )
      .finally(() => {
        if (!stopping.signal.aborted) timer = setTimeout(tick, interval);
      });
  };
  tick();
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        clearTimeout(timer);
        await running;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}
