import type { TBeaconEvent } from '@keten/contracts';
import { insertQoeEventLines, type TKetenClickHouse, type TQoeLinesOutcome } from '@keten/db/clickhouse';
import type { Redis } from 'ioredis';
import { createBeaconDedupe, uniqueEvents } from './beacon-dedupe';
import { encodeBeaconLines, type TBeaconDevice } from './beacon-device';
import { ingestHealth } from './beacon-health';
import { openSpool, type TOwedFile } from './beacon-spool';
import { createWalWriter } from './beacon-wal';

export interface TBeaconIngestOptions {
  clickhouse: TKetenClickHouse;
  spoolDir: string;
  /** Events owed to ClickHouse while it is up (it is slow); beyond it accept() answers 'busy'. */
  maxQueuedEvents: number;
  /** Rows per spool file (and so per ClickHouse insert). */
  batchSize: number;
  flushIntervalMs: number;
  /** Spool bytes owed to ClickHouse (a long outage) beyond which accept() answers 'busy'; default 1 GiB. */
  maxSpoolBytes?: number;
  /** Dedupe of resent (sessionId, seq) across requests; without it only within a batch. */
  redis?: Redis;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** The oldest unstored beacon older than this makes health() 'degraded'; default 60 s. */
  stallAfterMs?: number;
  onError?: (message: string, error: unknown) => void;
  /**
   * How a spool file's lines reach ClickHouse; default insertQoeEventLines (qoe_events_v1). The delivery records
   * (apps/api/src/delivery) use the same spool with insertDeliveryLines.
   */
  insertLines?: (client: TKetenClickHouse['client'], lines: string) => Promise<TQoeLinesOutcome>;
}

interface TOwed extends TOwedFile {
  /** Counted in `queued` (sealed while ClickHouse was up); not once it failed: the spool's cap applies then. */
  queued: boolean;
}

/**
 * Beacon ingest: durable at acknowledgement (rows fsync'd to the spool before accept() resolves), then inserted
 * into ClickHouse a spool file at a time, in order. Rows ClickHouse refuses are isolated and set aside in
 * rejected/ with its reason, the others stored; while the store fails, files wait on disk only and are replayed
 * oldest first with backoff. A restart replays whatever files an earlier process left.
 */
export async function createBeaconIngest(options: TBeaconIngestOptions) {
  const { clickhouse, maxQueuedEvents, batchSize, retryMinMs = 200, retryMaxMs = 5000 } = options;
  const insertLines = options.insertLines ?? insertQoeEventLines;
  const maxSpoolBytes = options.maxSpoolBytes ?? 1024 ** 3;
  const stallAfterMs = options.stallAfterMs ?? 60_000;
  const onError = options.onError ?? (() => undefined);
  const spool = await openSpool(options.spoolDir);
  const dedupe = options.redis ? createBeaconDedupe(options.redis) : null;
  const owed: TOwed[] = spool.leftover.map((file) => ({ ...file, queued: false }));
  const counts = {
    accepted: 0,
    duplicates: 0,
    busyRefusals: 0,
    inserted: 0,
    insertFailures: 0,
    rejectedRows: 0,
  };
  let queued = 0;
  let down = false;
  let lastStoreError: string | null = null;
  let failures = 0;
  let closed = false;
  let draining: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;

  const wal = createWalWriter(spool, batchSize, (segment) => {
    if (down) queued -= segment.events;
    owed.push({
      path: segment.path,
      events: segment.events,
      since: segment.since,
      queued: !down,
    });
    void drain();
  });

  const drain = (): Promise<void> => {
    draining ??= drainOnce().finally(() => {
      draining = null;
    });
    return draining;
  };

  async function drainOnce() {
    while (owed.length > 0) {
      let done: boolean;
      try {
        done = await insertHead(owed[0] as TOwed);
      } catch (error) {
        // The spool itself failed (disk): the file stays and is retried whole.
        storeFailed(error);
        done = false;
      }
      if (!done) return scheduleRetry();
    }
  }

  /** Inserts the oldest file; true once it is gone, false while the store fails (what is owed stays on disk). */
  async function insertHead(head: TOwed): Promise<boolean> {
    const lines = await spool.read(head.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      // Someone moved the file away by hand: no longer owed, and it must not stop the rest.
      onError(`beacon spool file vanished, skipped: ${head.path}`, error);
      return '';
    });
    const outcome = await insertLines(clickhouse.client, lines);
    counts.inserted += outcome.stored;
    if (outcome.refused.length > 0) {
      await spool.reject(head.path, outcome.refused);
      counts.rejectedRows += outcome.refused.length;
      onError(
        `ClickHouse refused ${outcome.refused.length} beacon row(s); set aside in rejected/`,
        outcome.refused.map((refusal) => refusal.error),
      );
    }
    if (outcome.storeError) {
      storeFailed(outcome.storeError);
      if (outcome.pending.length < head.events) {
        await spool.rewrite(head.path, `${outcome.pending.join('\n')}\n`);
        head.events = outcome.pending.length;
      }
      return false;
    }
    await spool.remove(head.path);
    owed.shift();
    if (head.queued) queued -= head.events;
    failures = 0;
    down = false;
    return true;
  }

  function storeFailed(error: unknown) {
    onError('ClickHouse insert failed; beacons stay in the spool', error);
    counts.insertFailures++;
    failures++;
    down = true;
    lastStoreError = error instanceof Error ? error.message : String(error);
    for (const file of owed) {
      if (file.queued) queued -= file.events;
      file.queued = false;
    }
  }

  function scheduleRetry() {
    if (closed || retryTimer) return;
    const delay = Math.min(retryMaxMs, retryMinMs * 2 ** (failures - 1));
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void drain();
    }, delay);
  }

  const timer = setInterval(() => void wal.seal(), options.flushIntervalMs);
  timer.unref();
  void drain();

  function stats() {
    const open = wal.open();
    const oldest = owed[0]?.since ?? open?.since;
    return {
      ...counts,
      queuedEvents: queued,
      spoolFiles: owed.length + (open ? 1 : 0),
      spoolEvents: owed.reduce((sum, file) => sum + file.events, open?.events ?? 0),
      spoolBytes: spool.bytes(),
      oldestUnstoredMs: oldest === undefined ? 0 : Math.max(0, Date.now() - oldest),
      clickhouseDown: down,
      lastStoreError: down ? lastStoreError : null,
    };
  }

  return {
    /** Resolves once the events are on disk (or were all seen before); 'busy' when memory or the spool is full. */
    async accept(device: TBeaconDevice, events: readonly TBeaconEvent[]): Promise<'accepted' | 'busy'> {
      if (closed) return 'busy';
      const fresh = dedupe ? await dedupe.fresh(events) : uniqueEvents(events);
      counts.duplicates += events.length - fresh.length;
      if (fresh.length === 0) return 'accepted';
      if (queued + fresh.length > maxQueuedEvents || spool.bytes() >= maxSpoolBytes) {
        counts.busyRefusals++;
        return 'busy';
      }
      queued += fresh.length;
      try {
        await wal.write(encodeBeaconLines(device, fresh, Date.now()), fresh.length);
      } catch (error) {
        queued -= fresh.length;
        throw error;
      }
      counts.accepted += fresh.length;
      // Not awaited: the same Redis connection runs it before any later request's check.
      void dedupe?.mark(fresh);
      return 'accepted';
    },

    /**
     * Rows already encoded as JSONEachRow lines (event_time, received_at first), without dedupe: resolves once they
     * are fsync'd; 'busy' as accept(). The delivery records come this way.
     */
    async acceptLines(lines: string, count: number): Promise<'accepted' | 'busy'> {
      if (closed) return 'busy';
      if (count === 0) return 'accepted';
      if (queued + count > maxQueuedEvents || spool.bytes() >= maxSpoolBytes) {
        counts.busyRefusals++;
        return 'busy';
      }
      queued += count;
      try {
        await wal.write(lines, count);
      } catch (error) {
        queued -= count;
        throw error;
      }
      counts.accepted += count;
      return 'accepted';
    },

    /** Seals the current batch and tries to insert everything owed now (one attempt). */
    async flush(): Promise<void> {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      await wal.seal();
      await drain();
    },

    /** Stops taking beacons, seals and tries one last insert; whatever fails stays in the spool. */
    async close(): Promise<void> {
      closed = true;
      clearInterval(timer);
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      await wal.close();
      await drain();
    },

    /** Counters since start, and what the spool owes ClickHouse now. */
    stats,

    /** 'degraded' with the reasons when the spool stops draining (for /readyz). */
    health: () => ingestHealth(stats(), { stallAfterMs, maxSpoolBytes }),

    /** Spool files on disk now (the loss test expects none after recovery). */
    spoolFiles: () => spool.files(),
  };
}

export type TBeaconIngest = Awaited<ReturnType<typeof createBeaconIngest>>;
export type TBeaconIngestStats = ReturnType<TBeaconIngest['stats']>;
