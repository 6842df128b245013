import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Checks a finished ladder before anyone can see it: a master with one entry per rung, each rung ended and non-empty. */
export async function verifyLadder(dir: string, rungCount: number): Promise<string | null> {
  const master = await readFile(join(dir, 'master.m3u8'), 'utf8').catch(() => null);
  if (master === null) return 'ffmpeg wrote no master playlist';
  const variants = master.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF')).length;
  if (variants !== rungCount) return `master playlist lists ${variants} rungs, the profile has ${rungCount}`;
  for (let n = 0; n < rungCount; n++) {
    const playlist = await readFile(join(dir, `v${n}`, 'index.m3u8'), 'utf8').catch(() => null);
    if (playlist === null) return `rung ${n} has no playlist`;
    if (!playlist.includes('#EXT-X-ENDLIST')) return `rung ${n} playlist is unfinished`;
    if (!playlist.includes('.ts')) return `rung ${n} playlist has no segments`;
  }
  return null;
}

/**
 * Moves the finished folder into place with rename(2), so readers see the old ladder or the new one,
 * never half of one. A previous ladder under the same key is swapped out, then removed.
 */
export async function publishLadder(tmpDir: string, finalDir: string): Promise<void> {
  const previous = `${finalDir}.replaced-${Date.now()}`;
  const existed = await stat(finalDir).then(
    () => true,
    () => false,
  );
  if (existed) await rename(finalDir, previous);
  await rename(tmpDir, finalDir);
  if (existed) await rm(previous, { recursive: true, force: true });
}
