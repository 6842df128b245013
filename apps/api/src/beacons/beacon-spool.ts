import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { TBeaconRow } from './beacon-device';

const SEGMENT = /^(\d{12})\.ndjson$/;

/**
 * The write-ahead spool: one append-only NDJSON file per batch, named by a rising sequence number.
 * Each line is one accepted request's rows, fsync'd before the request is acknowledged; a file is
 * deleted only after its rows are in ClickHouse, so whatever is on disk is exactly what is still owed.
 */
export async function openSpool(dir: string) {
  await mkdir(join(dir, 'rejected'), { recursive: true });
  const existing = (await readdir(dir))
    .map((name) => SEGMENT.exec(name)?.[1])
    .filter((seq): seq is string => seq !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  let next = (existing.at(-1) ?? 0) + 1;
  const pathOf = (seq: number) => join(dir, `${String(seq).padStart(12, '0')}.ndjson`);
  // Bytes per file still owed to ClickHouse: the disk cap during a long outage is checked against their sum.
  const sizes = new Map<string, number>();
  for (const seq of existing) sizes.set(pathOf(seq), (await stat(pathOf(seq))).size);
  let bytes = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  const forget = (path: string) => {
    bytes -= sizes.get(path) ?? 0;
    sizes.delete(path);
  };

  return {
    /** Files left by an earlier process (crash or outage), oldest first: replay them before anything new. */
    leftover: existing.map(pathOf),

    /** A new segment file; its directory entry is fsync'd so the name survives a power cut too. */
    async create(): Promise<TSegment> {
      const path = pathOf(next++);
      const file = await open(path, 'a');
      sizes.set(path, 0);
      await syncDir(dir);
      return { path, file };
    },

    /** Appends lines and fsyncs: after this resolves the rows survive a crash. */
    async append(segment: TSegment, lines: string): Promise<void> {
      await segment.file.appendFile(lines);
      const length = Buffer.byteLength(lines);
      sizes.set(segment.path, (sizes.get(segment.path) ?? 0) + length);
      bytes += length;
      await segment.file.datasync();
    },

    /** Rows of a segment; a torn last line (crash mid-write, never acknowledged) is skipped. */
    async read(path: string): Promise<TBeaconRow[]> {
      const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
      const rows: TBeaconRow[] = [];
      for (const [index, line] of lines.entries()) {
        try {
          rows.push(...(JSON.parse(line) as TBeaconRow[]));
        } catch (error) {
          if (index !== lines.length - 1) throw error;
        }
      }
      return rows;
    },

    async remove(path: string) {
      await unlink(path);
      forget(path);
    },

    /** A segment ClickHouse refuses row by row is kept aside for a person, not retried forever. */
    async reject(path: string) {
      await rename(path, join(dir, 'rejected', path.slice(dir.length + 1)));
      forget(path);
    },

    /** Bytes on disk not yet in ClickHouse. */
    bytes: () => bytes,

    async files(): Promise<string[]> {
      return (await readdir(dir)).filter((name) => SEGMENT.test(name));
    },
  };
}

export type TSpool = Awaited<ReturnType<typeof openSpool>>;
export interface TSegment {
  path: string;
  file: FileHandle;
}

async function syncDir(dir: string) {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
