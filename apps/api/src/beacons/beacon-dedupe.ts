import type { TBeaconEvent } from '@keten/contracts';
import type { Redis } from 'ioredis';

const DEFAULT_TTL_SECONDS = 6 * 3600;

/**
 * Drops events already stored (same sessionId + seq): one Redis set per session, one round trip per batch.
 * The rollup view counts every inserted row, so the ReplacingMergeTree alone is not enough.
 * Marked only after the events are durable: a crash in between can duplicate, never lose.
 * Redis down: everything counts as fresh (the raw table still collapses copies).
 */
export function createBeaconDedupe(redis: Redis, ttlSeconds = DEFAULT_TTL_SECONDS) {
  const keyOf = (sessionId: string) => `beacon:seen:${sessionId}`;
  const bySession = (events: readonly TBeaconEvent[]) => {
    const sessions = new Map<string, number[]>();
    for (const event of events) {
      const seqs = sessions.get(event.sessionId) ?? [];
      seqs.push(event.seq);
      sessions.set(event.sessionId, seqs);
    }
    return sessions;
  };

  return {
    /** The events not seen before, each (sessionId, seq) once. */
    async fresh(events: readonly TBeaconEvent[]): Promise<TBeaconEvent[]> {
      const unique = uniqueEvents(events);
      const sessions = [...bySession(unique)];
      const pipeline = redis.pipeline();
      for (const [sessionId, seqs] of sessions) pipeline.smismember(keyOf(sessionId), ...seqs.map(String));
      const results = await pipeline.exec().catch(() => null);
      if (!results) return unique;
      const seen = new Set<string>();
      sessions.forEach(([sessionId, seqs], index) => {
        const [error, flags] = results[index] ?? [];
        if (error || !Array.isArray(flags)) return;
        seqs.forEach((seq, at) => {
          if (flags[at] === 1) seen.add(`${sessionId}:${seq}`);
        });
      });
      return unique.filter((event) => !seen.has(`${event.sessionId}:${event.seq}`));
    },

    async mark(events: readonly TBeaconEvent[]): Promise<void> {
      const pipeline = redis.pipeline();
      for (const [sessionId, seqs] of bySession(events)) {
        pipeline.sadd(keyOf(sessionId), ...seqs.map(String));
        pipeline.expire(keyOf(sessionId), ttlSeconds);
      }
      await pipeline.exec().catch(() => undefined);
    },
  };
}

export type TBeaconDedupe = ReturnType<typeof createBeaconDedupe>;

/** A batch that repeats an event (same session and seq) keeps the first copy. */
export function uniqueEvents(events: readonly TBeaconEvent[]): TBeaconEvent[] {
  const keys = new Set<string>();
  return events.filter((event) => {
    const key = `${event.sessionId}:${event.seq}`;
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}
