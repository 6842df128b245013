import type { TBeaconRow } from './beacon-device';
import type { TSegment, TSpool } from './beacon-spool';

interface TPending {
  rows: TBeaconRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit into the spool: requests arriving while an fsync runs share the next one, so the cost of
 * durability is one fsync per burst, not per request. A full segment (batchSize rows) is sealed and
 * handed to `onSealed`, as is a partial one on seal().
 */
export function createWalWriter(
  spool: TSpool,
  batchSize: number,
  onSealed: (path: string, rows: TBeaconRow[]) => void,
) {
  let pending: TPending[] = [];
  let segment: TSegment | null = null;
  let rows: TBeaconRow[] = [];
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
    const done = segment;
    const batch = rows;
    segment = null;
    rows = [];
    await done.file.close();
    onSealed(done.path, batch);
  }

  async function writeGroup(group: TPending[]) {
    try {
      segment ??= await spool.create();
      await spool.append(segment, `${group.map((entry) => JSON.stringify(entry.rows)).join('\n')}\n`);
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    for (const entry of group) {
      rows.push(...entry.rows);
      entry.resolve();
    }
    if (rows.length >= batchSize) await sealNow();
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
    write(batch: TBeaconRow[]): Promise<void> {
      return new Promise((resolve, reject) => {
        pending.push({ rows: batch, resolve, reject });
        if (!writing) void runWriter();
      });
    },
    seal: () => serial(sealNow),
    async close() {
      while (writing || pending.length > 0) await chain;
      await serial(sealNow);
    },
  };
}
