import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { TQoeRefusal } from '@keten/db/clickhouse';
import { convertLegacySegment } from './beacon-spool-legacy';

const SEGMENT = /^(\d{12})\.ndjson$/;
const REJECTED = 'rejected';
// received_at's place in a line written by encodeQoeEventLine: {"event_time":"<23>","received_at":"<23>"
const RECEIVED_AT = /^\{"event_time":"[^"]{23}","received_at":"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})"/;

/** A segment still owed to ClickHouse: its rows, their count and when the oldest was acknowledged. */
export interface TOwedFile {
  path: string;
  events: number;
  /** Epoch ms the first row was acknowledged (its received_at). */
  since: number;
}

/**
 * The write-ahead spool: one append-only file per batch, named by a rising sequence number, each line one
 * qoe_events_v1 row in JSONEachRow (the insert body as it is). Lines are fsync'd before the request is
 * acknowledged; a file is deleted (or cut down to the rows still owed) only after its rows are in ClickHouse,
 * so whatever is on disk is exactly what is still owed. Rows ClickHouse refuses go to rejected/ with its reason.
 */
export async function openSpool(dir: string) {
  await mkdir(join(dir, REJECTED), { recursive: true });
  const names = await readdir(dir);
  // A rewrite interrupted before its rename: the original is still whole.
  for (const name of names.filter((entry) => entry.endsWith('.tmp'))) await unlink(join(dir, name));
  const existing = names
    .map((name) => SEGMENT.exec(name)?.[1])
    .filter((seq): seq is string => seq !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  let next = (existing.at(-1) ?? 0) + 1;
  const pathOf = (seq: number) => join(dir, `${String(seq).padStart(12, '0')}.ndjson`);
  // Bytes per file still owed to ClickHouse: the disk cap during a long outage is checked against their sum.
  const sizes = new Map<string, number>();
  let bytes = 0;
  const track = (path: string, size: number) => {
    bytes += size - (sizes.get(path) ?? 0);
    sizes.set(path, size);
  };
  const forget = (path: string) => {
    bytes -= sizes.get(path) ?? 0;
    sizes.delete(path);
  };

  const spool = {
    /** A new segment file; its directory entry is fsync'd so the name survives a power cut too. */
    async create(): Promise<TSegment> {
      const path = pathOf(next++);
      const file = await open(path, 'a');
      track(path, 0);
      await syncDir(dir);
      return { path, file };
    },

    /** Appends lines and fsyncs: after this resolves the rows survive a crash. */
    async append(segment: TSegment, lines: string): Promise<void> {
      await segment.file.appendFile(lines);
      track(segment.path, (sizes.get(segment.path) ?? 0) + Buffer.byteLength(lines));
      await segment.file.datasync();
    },

    /** A segment's rows; a torn last line (crash mid-write, never acknowledged) is left out. */
    async read(path: string): Promise<string> {
      const text = await readFile(path, 'utf8');
      return text.slice(0, text.lastIndexOf('\n') + 1);
    },

    /** An empty segment never written to (the WAL's spare at shutdown). */
    async discard(segment: TSegment) {
      await segment.file.close();
      await spool.remove(segment.path);
    },

    /** Deletes a segment whose rows are stored (already gone is fine: the same outcome). */
    async remove(path: string) {
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      forget(path);
    },

    /** Replaces a segment by the rows it still owes (some were stored, some refused), atomically. */
    async rewrite(path: string, lines: string) {
      await writeSynced(`${path}.tmp`, lines, 'w');
      await rename(`${path}.tmp`, path);
      await syncDir(dir);
      track(path, Buffer.byteLength(lines));
    },

    /**
     * Sets refused rows aside for a person: `rejected/<segment>.rejected.ndjson`, one line per row with the
     * store's reason first and the row as it was spooled (`row`, or `rowText` when it is not even JSON).
     */
    async reject(path: string, refusals: readonly TQoeRefusal[]) {
      const segment = path.slice(dir.length + 1);
      const rejectedAt = new Date().toISOString();
      const lines = refusals.map(
        ({ line, error }) => `${JSON.stringify({ error, ...rowOf(line), segment, rejectedAt })}\n`,
      );
      await writeSynced(
        join(dir, REJECTED, segment.replace('.ndjson', '.rejected.ndjson')),
        lines.join(''),
        'a',
      );
    },

    /** Bytes on disk not yet in ClickHouse. */
    bytes: () => bytes,

    /** Segment files holding rows (the WAL's empty spare is not one). */
    async files(): Promise<string[]> {
      const names = (await readdir(dir)).filter((name) => SEGMENT.test(name));
      const sized = await Promise.all(
        names.map(async (name) => ({ name, size: (await stat(join(dir, name))).size })),
      );
      return sized.filter(({ size }) => size > 0).map(({ name }) => name);
    },
  };

  // Files left by an earlier process (crash or outage), oldest first: replayed before anything new.
  const leftover: TOwedFile[] = [];
  for (const seq of existing) {
    const path = pathOf(seq);
    let text = await spool.read(path);
    if (text.startsWith('[')) {
      const converted = convertLegacySegment(text);
      if (converted.refused.length > 0) await spool.reject(path, converted.refused);
      await spool.rewrite(path, converted.lines);
      text = converted.lines;
    }
    const { size, mtimeMs } = await stat(path);
    track(path, size);
    const events = countLines(text);
    if (events === 0) await spool.remove(path);
    else leftover.push({ path, events, since: receivedAtOf(text) ?? mtimeMs });
  }
  return { ...spool, leftover };
}

export type TSpool = Awaited<ReturnType<typeof openSpool>>;
export interface TSegment {
  path: string;
  file: FileHandle;
}

function rowOf(line: string): { row: unknown } | { rowText: string } {
  try {
    return { row: JSON.parse(line) };
  } catch {
    return { rowText: line };
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function receivedAtOf(text: string): number | null {
  const match = RECEIVED_AT.exec(text);
  return match ? Date.parse(`${match[1]}T${match[2]}Z`) : null;
}

async function writeSynced(path: string, text: string, flags: 'w' | 'a') {
  const handle = await open(path, flags);
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string) {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
