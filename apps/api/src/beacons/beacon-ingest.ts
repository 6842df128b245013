import type { TBeaconEvent } from '@keten/contracts';
import { ClickHouseStoreError, insertQoeEvents, type TKetenClickHouse } from '@keten/db/clickhouse';
import type { Redis } from 'ioredis';
import { createBeaconDedupe, uniqueEvents } from './beacon-dedupe';
import { type TBeaconDevice, type TBeaconRow, toBeaconRow } from './beacon-device';
import { openSpool } from './beacon-spool';
import { createWalWriter } from './beacon-wal';

export interface TBeaconIngestOptions {
  clickhouse: TKetenClickHouse;
  spoolDir: string;
  /** Events held in memory (waiting or being inserted); beyond it accept() answers 'busy'. */
  maxQueuedEvents: number;
  /** Rows per ClickHouse insert (and per spool file). */
  batchSize: number;
  flushIntervalMs: number;
  /** Spool bytes owed to ClickHouse (a long outage) beyond which accept() answers 'busy'; default 1 GiB. */
  maxSpoolBytes?: number;
  /** Dedupe of resent (sessionId, seq) across requests; without it only within a batch. */
  redis?: Redis;
  retryMinMs?: number;
  retryMaxMs?: number;
  onError?: (message: string, error: unknown) => void;
}

interface TSealed {
  path: string;
  /** null once ClickHouse failed: the spool file holds them and memory is freed. */
  rows: TBeaconRow[] | null;
}

/**
 * Beacon ingest: durable at acknowledgement (rows fsync'd to the spool before accept() resolves), then
 * inserted into ClickHouse in batches, in spool order; while ClickHouse fails, batches wait on disk only
 * and are replayed oldest first with backoff. A restart replays whatever files an earlier process left.
 */
export async function createBeaconIngest(options: TBeaconIngestOptions) {
  const { clickhouse, maxQueuedEvents, batchSize, retryMinMs = 200, retryMaxMs = 5000 } = options;
  const maxSpoolBytes = options.maxSpoolBytes ?? 1024 ** 3;
  const onError = options.onError ?? (() => undefined);
  const spool = await openSpool(options.spoolDir);
  const dedupe = options.redis ? createBeaconDedupe(options.redis) : null;
  const sealed: TSealed[] = spool.leftover.map((path) => ({ path, rows: null }));
  const counts = { accepted: 0, duplicates: 0, busyRefusals: 0, inserted: 0, insertFailures: 0 };
  let queued = 0;
  let down = false;
  let failures = 0;
  let closed = false;
  let draining: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;

  const wal = createWalWriter(spool, batchSize, (path, rows) => {
    if (down) queued -= rows.length;
    sealed.push({ path, rows: down ? null : rows });
    void drain();
  });

  const drain = (): Promise<void> => {
    draining ??= drainOnce().finally(() => {
      draining = null;
    });
    return draining;
  };

  async function drainOnce() {
    while (sealed.length > 0) {
      const head = sealed[0] as TSealed;
      try {
        const rows = head.rows ?? (await spool.read(head.path));
        await insertQoeEvents(clickhouse.client, rows);
        await spool.remove(head.path);
        sealed.shift();
        if (head.rows) queued -= head.rows.length;
        counts.inserted += rows.length;
        failures = 0;
        down = false;
      } catch (error) {
        if (error instanceof ClickHouseStoreError && error.code === 'QOE_EVENT_INVALID') {
          // Validated before the spool, so only a schema drift gets here: park it, keep the line moving.
          onError(`beacon spool file rejected row by row, moved aside: ${head.path}`, error);
          await spool.reject(head.path);
          sealed.shift();
          if (head.rows) queued -= head.rows.length;
          continue;
        }
        onError('ClickHouse insert failed; beacons stay in the spool', error);
        counts.insertFailures++;
        failures++;
        down = true;
        for (const batch of sealed) {
          if (batch.rows) queued -= batch.rows.length;
          batch.rows = null;
        }
        scheduleRetry();
        return;
      }
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
      const receivedAt = new Date().toISOString();
      try {
        await wal.write(fresh.map((event) => toBeaconRow(device, event, receivedAt)));
      } catch (error) {
        queued -= fresh.length;
        throw error;
      }
      counts.accepted += fresh.length;
      await dedupe?.mark(fresh);
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

    stats() {
      return {
        ...counts,
        queuedEvents: queued,
        spooledBatches: sealed.length,
        spoolBytes: spool.bytes(),
        clickhouseDown: down,
      };
    },

    /** Spool files on disk now (the loss test expects none after recovery). */
    spoolFiles: () => spool.files(),
  };
}

export type TBeaconIngest = Awaited<ReturnType<typeof createBeaconIngest>>;
