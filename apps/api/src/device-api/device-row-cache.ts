import { createSqlClient, type TSqlClient, type TSqlPool } from '@keten/db/client';
import { readDeviceRowWithFacts, type TDeviceRowWithFacts } from './device-row';

/** PostgreSQL's channel for row changes (migration 20261204163000_device_row_notify): 'd:<device>' or 's:<subscriber>'. */
export const DEVICE_ROWS_CHANNEL = 'keten_device_rows';

/**
 * How long a row is used without asking PostgreSQL again. Changes of the row itself arrive as notifications, so this
 * bounds only what no row change announces: a subscription starting or ending by the clock (packages), a package
 * renamed. Longer than a box's 15 s poll, so most polls are answered from memory.
 */
export const DEVICE_ROW_TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;
const RECONNECT_MS = 1000;

/** Every open cache of this process (one per API instance; tests run several). */
const live = new Set<DeviceRowCache>();

/**
 * A service of this process changed a box's row: drop it now, not when the notification arrives a moment later, so
 * the very next call (perhaps already queued in this process) reads the change. Call after the commit.
 */
export function deviceRowChanged(deviceId: string) {
  for (const cache of live) cache.forget(deviceId);
}

/** As deviceRowChanged, for a subscriber whose region or packages changed. */
export function subscriberRowsChanged(subscriberId: string) {
  for (const cache of live) cache.forgetSubscriber(subscriberId);
}

interface TEntry {
  row: TDeviceRowWithFacts;
  at: number;
}

/**
 * The rows the /v1 token check reads, kept in memory and dropped when PostgreSQL says they changed. Used only while
 * its LISTEN connection is up: from connecting until it is listening, and whenever it is down, every call reads
 * PostgreSQL, as without a cache. A row read while a change arrived is not kept (it may predate the change).
 */
export class DeviceRowCache {
  private readonly entries = new Map<string, TEntry>();
  private readonly bySubscriber = new Map<string, Set<string>>();
  /** Bumped by every drop: a read that started before one does not store its row. */
  private generation = 0;
  private listening = false;
  private closed = false;
  private client: TSqlClient | null = null;
  private readonly running: Promise<void>;

  constructor(
    private readonly sql: TSqlPool,
    /** How long a kept row is used (0: every call reads PostgreSQL; the benchmark measures that path too). */
    public ttlMs = DEVICE_ROW_TTL_MS,
  ) {
    // Off (0): nothing is kept, so there is nothing to listen for.
    this.running = ttlMs > 0 ? this.listen() : Promise.resolve();
    live.add(this);
  }

  /** Whether rows are being kept (the LISTEN connection is up). */
  get active() {
    return this.listening;
  }

  /**
   * The box's row: from memory when fresh and `accept` takes it, else read from PostgreSQL (and kept). A row the
   * caller refuses (a newer token than the kept row knows) is always read again before the caller decides.
   */
  async read(
    deviceId: string,
    accept: (row: TDeviceRowWithFacts) => boolean = () => true,
    now = Date.now(),
  ): Promise<TDeviceRowWithFacts | null> {
    const kept = this.listening ? this.entries.get(deviceId) : undefined;
    if (kept && now - kept.at < this.ttlMs && accept(kept.row)) return kept.row;
    const generation = this.generation;
    const row = await readDeviceRowWithFacts(this.sql, deviceId);
    if (row && this.listening && generation === this.generation) this.keep(deviceId, row, now);
    return row;
  }

  /** Drops one box's row at once (a change made in this process; other processes hear the notification). */
  forget(deviceId: string) {
    this.generation++;
    this.drop(deviceId);
  }

  /** Drops the rows of a subscriber's boxes (its region or packages changed in this process). */
  forgetSubscriber(subscriberId: string) {
    this.generation++;
    for (const deviceId of [...(this.bySubscriber.get(subscriberId) ?? [])]) this.drop(deviceId);
  }

  async close() {
    live.delete(this);
    this.closed = true;
    this.listening = false;
    await this.client?.end().catch(() => {});
    await this.running;
  }

  private keep(deviceId: string, row: TDeviceRowWithFacts, at: number) {
    this.drop(deviceId);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.drop(oldest.value);
    }
    this.entries.set(deviceId, { row, at });
    if (row.subscriberId) {
      const devices = this.bySubscriber.get(row.subscriberId) ?? new Set<string>();
      devices.add(deviceId);
      this.bySubscriber.set(row.subscriberId, devices);
    }
  }

  /** Removes a kept row and its subscriber index entry (the callers decide whether reads in flight may store). */
  private drop(deviceId: string) {
    const kept = this.entries.get(deviceId);
    if (!kept) return;
    this.entries.delete(deviceId);
    if (kept.row.subscriberId) {
      const devices = this.bySubscriber.get(kept.row.subscriberId);
      devices?.delete(deviceId);
      if (devices?.size === 0) this.bySubscriber.delete(kept.row.subscriberId);
    }
  }

  private changed(payload: string | undefined) {
    const id = payload?.slice(2) ?? '';
    if (payload?.startsWith('d:')) this.forget(id);
    else if (payload?.startsWith('s:')) this.forgetSubscriber(id);
    else this.clear();
  }

  private clear() {
    this.generation++;
    this.entries.clear();
    this.bySubscriber.clear();
  }

  /** Holds a LISTEN connection; on any failure forgets everything, stops keeping rows and connects again. */
  private async listen() {
    while (!this.closed) {
      const client = createSqlClient(this.sql);
      this.client = client;
      try {
        const lost = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        client.on('notification', (message) => this.changed(message.payload));
        await client.connect();
        await client.query(`LISTEN ${DEVICE_ROWS_CHANNEL}`);
        if (this.closed) break;
        this.clear();
        this.listening = true;
        await lost;
      } catch {
        // Not reachable now: rows are read from PostgreSQL on every call until the connection is back.
      } finally {
        this.listening = false;
        this.clear();
        await client.end().catch(() => {});
      }
      if (!this.closed) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS).unref());
    }
  }
}

const caches = new WeakMap<TSqlPool, DeviceRowCache>();

/** The process's cache over this pool (one LISTEN connection each), made on first use with that call's TTL. */
export function deviceRowCache(sql: TSqlPool, ttlMs = DEVICE_ROW_TTL_MS): DeviceRowCache {
  let cache = caches.get(sql);
  if (!cache) {
    cache = new DeviceRowCache(sql, ttlMs);
    caches.set(sql, cache);
  }
  return cache;
}

/** Closes the cache over this pool, if one was made (before the pool ends). */
export async function closeDeviceRowCache(sql: TSqlPool) {
  const cache = caches.get(sql);
  caches.delete(sql);
  await cache?.close();
}
