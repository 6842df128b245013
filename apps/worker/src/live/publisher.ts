import { copyFile, link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { TStagedSegment } from './staging';

const ZStateSchema = z.object({
  nextSeq: z.number().int().min(0),
  discontinuitySeq: z.number().int().min(0),
  window: z.array(z.object({ seq: z.number().int(), duration: z.number(), discontinuity: z.boolean() })),
});
type TState = z.infer<typeof ZStateSchema>;

/** Published segments stay on disk this many segments after leaving the playlist, for players mid-download. */
const GRACE_SEGMENTS = 4;

async function writeAtomic(path: string, content: string) {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/**
 * The channel's public live playlists under MEDIA_ROOT/live/<slug>/: segments from whichever encoder
 * is on air, renumbered into one sequence that never goes back (kept in .state.json across restarts
 * of the worker), with EXT-X-DISCONTINUITY wherever the encoder changed, so players carry on.
 */
export class LivePublisher {
  private state: TState = { nextSeq: 0, discontinuitySeq: 0, window: [] };
  private pendingDiscontinuity = false;
  lastPublishedAt: number | null = null;

  constructor(
    readonly dir: string,
    private readonly rungs: number,
    private readonly windowSize: number,
    private readonly segmentSeconds: number,
  ) {}

  get nextSequence(): number {
    return this.state.nextSeq;
  }

  async open(): Promise<void> {
    for (let n = 0; n < this.rungs; n++) await mkdir(join(this.dir, `v${n}`), { recursive: true });
    const saved = await readFile(join(this.dir, '.state.json'), 'utf8').catch(() => null);
    const parsed = saved ? ZStateSchema.safeParse(JSON.parse(saved)) : null;
    if (parsed?.success) {
      this.state = parsed.data;
      // Whatever comes next is from a new encoder process: its timestamps start afresh.
      this.pendingDiscontinuity = this.state.window.length > 0;
    }
  }

  /** The master playlist as the encoder wrote it (its variant paths match this folder's layout). */
  async writeMaster(stagingDir: string): Promise<boolean> {
    const master = await readFile(join(stagingDir, 'master.m3u8'), 'utf8').catch(() => null);
    if (!master) return false;
    await writeAtomic(join(this.dir, 'master.m3u8'), master);
    return true;
  }

  /** Appends one segment in every rung; `discontinuity` when it comes from a different encoder than the last. */
  async publish(segment: TStagedSegment, discontinuity: boolean): Promise<number> {
    const seq = this.state.nextSeq;
    await Promise.all(
      segment.files.map(async (file, n) => {
        const target = join(this.dir, `v${n}`, `${seq}.ts`);
        const tmp = `${target}.tmp`;
        await rm(tmp, { force: true });
        await link(file, tmp).catch(() => copyFile(file, tmp));
        await rename(tmp, target);
      }),
    );
    const flagged = discontinuity || this.pendingDiscontinuity;
    this.pendingDiscontinuity = false;
    this.state.nextSeq = seq + 1;
    this.state.window.push({ seq, duration: segment.duration, discontinuity: flagged });
    const dropped: number[] = [];
    while (this.state.window.length > this.windowSize) {
      const gone = this.state.window.shift();
      if (!gone) break;
      dropped.push(gone.seq);
      // Counts the discontinuity tags that left the playlist, so players keep their count (RFC 8216 4.3.3.3).
      if (gone.discontinuity) this.state.discontinuitySeq += 1;
    }
    await Promise.all(
      Array.from({ length: this.rungs }, (_, n) =>
        writeAtomic(join(this.dir, `v${n}`, 'index.m3u8'), this.playlist()),
      ),
    );
    await writeAtomic(join(this.dir, '.state.json'), JSON.stringify(this.state));
    for (const old of dropped) {
      const expired = old - GRACE_SEGMENTS;
      if (expired < 0) continue;
      for (let n = 0; n < this.rungs; n++)
        await rm(join(this.dir, `v${n}`, `${expired}.ts`), { force: true });
    }
    this.lastPublishedAt = Date.now();
    return seq;
  }

  private playlist(): string {
    const window = this.state.window;
    const longest = Math.max(this.segmentSeconds, ...window.map((entry) => entry.duration));
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      `#EXT-X-TARGETDURATION:${Math.ceil(longest)}`,
      `#EXT-X-MEDIA-SEQUENCE:${window[0]?.seq ?? this.state.nextSeq}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${this.state.discontinuitySeq}`,
      '#EXT-X-INDEPENDENT-SEGMENTS',
    ];
    for (const entry of window) {
      if (entry.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
      lines.push(`#EXTINF:${entry.duration.toFixed(6)},`, `${entry.seq}.ts`);
    }
    return `${lines.join('\n')}\n`;
  }
}
