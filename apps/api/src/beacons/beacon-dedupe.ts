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

  return {
    /** The events not seen before, each (sessionId, seq) once, in their order. */
    async fresh(events: readonly TBeaconEvent[]): Promise<TBeaconEvent[]> {
      const unique = uniqueEvents(events);
      const sessions = [...seqsBySession(unique)];
      const pipeline = redis.pipeline();
      for (const [sessionId, seqs] of sessions) pipeline.smismember(keyOf(sessionId), ...seqs);
      const results = await pipeline.exec().catch(() => null);
      if (!results) return unique;
      const stored = new Map<string, Set<number>>();
      sessions.forEach(([sessionId, seqs], index) => {
        const [error, flags] = results[index] ?? [];
        if (error || !Array.isArray(flags)) return;
        const seen = new Set(seqs.filter((_, at) => flags[at] === 1));
        if (seen.size > 0) stored.set(sessionId, seen);
      });
      if (stored.size === 0) return unique;
      return unique.filter((event) => !stored.get(event.sessionId)?.has(event.seq));
    },

    async mark(events: readonly TBeaconEvent[]): Promise<void> {
      const pipeline = redis.pipeline();
      for (const [sessionId, seqs] of seqsBySession(events)) {
        pipeline.sadd(keyOf(sessionId), ...seqs);
        pipeline.expire(keyOf(sessionId), ttlSeconds);
      }
      await pipeline.exec().catch(() => undefined);
    },
  };
}

export type TBeaconDedupe = ReturnType<typeof createBeaconDedupe>;

function seqsBySession(events: readonly TBeaconEvent[]): Map<string, number[]> {
  const sessions = new Map<string, number[]>();
  for (const event of events) {
    const seqs = sessions.get(event.sessionId);
    if (seqs) seqs.push(event.seq);
    else sessions.set(event.sessionId, [event.seq]);
  }
  return sessions;
}

/** A batch that repeats an event (same session and seq) keeps the first copy. */
export function uniqueEvents(events: readonly TBeaconEvent[]): TBeaconEvent[] {
  const seen = new Map<string, Set<number>>();
  let repeated = false;
  for (const event of events) {
    const seqs = seen.get(event.sessionId);
    if (!seqs) seen.set(event.sessionId, new Set([event.seq]));
    else if (seqs.has(event.seq)) repeated = true;
    else seqs.add(event.seq);
  }
  if (!repeated) return [...events];
  seen.clear();
  return events.filter((event) => {
    const seqs = seen.get(event.sessionId) ?? new Set<number>();
    seen.set(event.sessionId, seqs);
    if (seqs.has(event.seq)) return false;
    seqs.add(event.seq);
    return true;
  });
}
