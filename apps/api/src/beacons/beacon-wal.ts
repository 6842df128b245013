import type { TSegment, TSpool } from './beacon-spool';

interface TPending {
  lines: string;
  events: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A full (or flushed) segment. Its rows are not kept in memory: the file's bytes are the insert body, read back
 * from the page cache. Holding them would let megabytes a second survive young-generation GCs, whose pauses grow
 * with what survives (measured: 5–20 ms scavenges, the half-load p99).
 */
export interface TSealedSegment {
  path: string;
  events: number;
  since: number;
}

/**
 * Group commit into the spool: requests arriving while an fsync runs share the next one, so the cost of
 * durability is one fsync per burst, not per request. A full segment (batchSize rows) is sealed and
 * handed to `onSealed`, as is a partial one on seal().
 */
export function createWalWriter(
  spool: TSpool,
  batchSize: number,
  onSealed: (segment: TSealedSegment) => void,
) {
  let pending: TPending[] = [];
  let segment: TSegment | null = null;
  let events = 0;
  let since = 0;
  // The next segment, opened ahead: a new batch does not wait for an open and a directory fsync.
  let spare: Promise<TSegment> | null = null;
  const takeSegment = () => {
    const ready = spare ?? spool.create();
    spare = spool.create();
    spare.catch(() => undefined);
    return ready;
  };
  // Appends and seals run one at a time, in order.
  let chain: Promise<void> = Promise.resolve();
  let writing = false;

  const serial = (task: () => Promise<void>) => {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  };

  async function sealNow() {
    if (!segment) return;
    const done = { path: segment.path, events, since };
    const file = segment.file;
    segment = null;
    events = 0;
    await file.close();
    onSealed(done);
  }

  async function writeGroup(group: TPending[]) {
    const lines =
      group.length === 1 ? (group[0] as TPending).lines : group.map((entry) => entry.lines).join('');
    try {
      segment ??= await takeSegment();
      if (events === 0) since = Date.now();
      await spool.append(segment, lines);
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    for (const entry of group) {
      events += entry.events;
      entry.resolve();
    }
    if (events >= batchSize) await sealNow();
  }

  async function runWriter() {
    writing = true;
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      await serial(() => writeGroup(group));
    }
    writing = false;
  }

  return {
    /** Resolves once `lines` (`events` rows) are fsync'd. */
    write(lines: string, count: number): Promise<void> {
      return new Promise((resolve, reject) => {
        pending.push({ lines, events: count, resolve, reject });
        if (!writing) void runWriter();
      });
    },
    seal: () => serial(sealNow),
    /** The segment being filled: its rows are durable but not yet handed to ClickHouse. */
    open: () => (segment && events > 0 ? { events, since } : null),
    async close() {
      while (writing || pending.length > 0) await chain;
      await serial(sealNow);
      const unused = await spare?.catch(() => null);
      if (unused) await spool.discard(unused);
    },
  };
}
