import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A segment an encoder finished, present in every rung: the unit that gets published. */
export type TStagedSegment = { index: number; duration: number; files: string[] };

const SEGMENT = /segment_(\d+)\.ts$/;

/** Segments listed in one rung's playlist, by the index in their file name. */
export function parseMediaPlaylist(text: string): Map<number, { duration: number; file: string }> {
  const found = new Map<number, { duration: number; file: string }>();
  let duration: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith('#') && duration !== null) {
      const index = SEGMENT.exec(line)?.[1];
      if (index !== undefined) found.set(Number(index), { duration, file: line });
      duration = null;
    }
  }
  return found;
}

/**
 * The segments an encoder's staging folder holds in all rungs, oldest first. ffmpeg lists a
 * segment only after closing it, so a listed segment is complete.
 */
export async function stagedSegments(dir: string, rungs: number): Promise<TStagedSegment[]> {
  const lists = await Promise.all(
    Array.from({ length: rungs }, (_, n) =>
      readFile(join(dir, `v${n}`, 'index.m3u8'), 'utf8')
        .then(parseMediaPlaylist)
        .catch(() => new Map<number, { duration: number; file: string }>()),
    ),
  );
  const [first, ...rest] = lists;
  if (!first) return [];
  const segments: TStagedSegment[] = [];
  for (const [index, entry] of first) {
    if (!rest.every((list) => list.has(index))) continue;
    segments.push({
      index,
      duration: entry.duration,
      files: lists.map((list, n) => join(dir, `v${n}`, list.get(index)?.file ?? '')),
    });
  }
  return segments.sort((a, b) => a.index - b.index);
}
