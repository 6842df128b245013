import { access, copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { TStagedSegment } from './staging';

const ZStateSchema = z.object({
  nextSeq: z.number().int().min(0),
  discontinuitySeq: z.number().int().min(0),
  window: z.array(z.object({ seq: z.number().int(), duration: z.number(), discontinuity: z.boolean() })),
  /** The ladder the window was made with: a different one cannot continue it. */
  rungs: z.number().int().min(1).optional(),
  targetDuration: z.number().int().min(1).optional(),
  updatedAt: z.number().optional(),
});
type TState = z.infer<typeof ZStateSchema>;

async function writeAtomic(path: string, content: string) {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The channel's public live playlists under MEDIA_ROOT/live/<slug>/: segments from whichever encoder
 * is on air, renumbered into one sequence that never goes back (kept in .state.json across restarts
 * of the worker, and recovered from the segment files if that is lost), with EXT-X-DISCONTINUITY
 * wherever the encoder changed, so players carry on. The target duration is fixed per ladder
 * (RFC 8216 4.3.3.1: it must not change); a segment longer than it is listed at the target.
 */
export class LivePublisher {
  private state: TState = { nextSeq: 0, discontinuitySeq: 0, window: [] };
  private pendingDiscontinuity = false;
  private readonly targetDuration: number;
  lastPublishedAt: number | null = null;

  constructor(
    readonly dir: string,
    private readonly rungs: number,
    private readonly windowSize: number,
    private readonly segmentSeconds: number,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.targetDuration = Math.ceil(segmentSeconds) + 1;
  }

  get nextSequence(): number {
    return this.state.nextSeq;
  }

  async open(): Promise<void> {
    for (let n = 0; n < this.rungs; n++) await mkdir(join(this.dir, `v${n}`), { recursive: true });
    const saved = await this.readState();
    if (!saved) return;
    this.state = { nextSeq: saved.nextSeq, discontinuitySeq: saved.discontinuitySeq, window: [] };
    // Continue the old window only if it still plays: same ladder, recent, every file still there.
    const sameLadder = saved.rungs === this.rungs && saved.targetDuration === this.targetDuration;
    const fresh = Date.now() - (saved.updatedAt ?? 0) < this.windowSize * this.segmentSeconds * 1000;
    for (const entry of saved.window) {
      const files = Array.from({ length: this.rungs }, (_, n) => join(this.dir, `v${n}`, `${entry.seq}.ts`));
      const keep = sameLadder && fresh && (await Promise.all(files.map(exists))).every(Boolean);
      if (keep) this.state.window.push(entry);
      else if (entry.discontinuity) this.state.discontinuitySeq += 1;
    }
    // Whatever comes next is from a new encoder process: its timestamps start afresh.
    this.pendingDiscontinuity = true;
    await this.dropRenditionsBeyond(this.rungs);
  }

  /** The saved state; if it is lost or damaged, the numbering is recovered from the segment files. */
  private async readState(): Promise<TState | null> {
    const raw = await readFile(join(this.dir, '.state.json'), 'utf8').catch(() => null);
    if (raw !== null) {
      try {
        const parsed = ZStateSchema.safeParse(JSON.parse(raw));
        if (parsed.success) return parsed.data;
      } catch {
        // fall through to recovery
      }
    }
    const names = await readdir(join(this.dir, 'v0')).catch(() => [] as string[]);
    const highest = Math.max(-1, ...names.map((name) => Number(/^(\d+)\.ts$/.exec(name)?.[1] ?? -1)));
    if (highest < 0) return null;
    this.log(
      `live state in ${this.dir} was ${raw === null ? 'missing' : 'damaged'}; numbering continues after ${highest}`,
    );
    // Unknown discontinuity count: never smaller than before, so a jump forward is safe for players.
    return { nextSeq: highest + 1, discontinuitySeq: highest + 1, window: [] };
  }

  /** Variant folders of a bigger ladder that ran before: no player may keep polling them. */
  private async dropRenditionsBeyond(rungs: number) {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const n = Number(/^v(\d+)$/.exec(name)?.[1] ?? -1);
      if (n >= rungs) await rm(join(this.dir, name), { recursive: true, force: true });
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
    if (segment.duration > this.targetDuration + 0.5)
      this.log(
        `segment ${seq} lasts ${segment.duration.toFixed(2)} s, over the ${this.targetDuration} s target`,
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
    // The state first: a crash between the two must not hand out this sequence number again.
    await this.saveState();
    const playlist = this.playlist(false);
    await Promise.all(
      Array.from({ length: this.rungs }, (_, n) =>
        writeAtomic(join(this.dir, `v${n}`, 'index.m3u8'), playlist),
      ),
    );
    // A segment stays on disk a whole window after it left the playlist (RFC 8216 6.2.2).
    for (const old of dropped) {
      const expired = old - this.windowSize - 1;
      if (expired < 0) continue;
      for (let n = 0; n < this.rungs; n++)
        await rm(join(this.dir, `v${n}`, `${expired}.ts`), { force: true });
    }
    this.lastPublishedAt = Date.now();
    return seq;
  }

  /** The channel stopped for good: players get ENDLIST instead of polling a playlist that never moves. */
  async end(): Promise<void> {
    if (this.state.window.length === 0) return;
    const playlist = this.playlist(true);
    await Promise.all(
      Array.from({ length: this.rungs }, (_, n) =>
        writeAtomic(join(this.dir, `v${n}`, 'index.m3u8'), playlist),
      ),
    );
  }

  private async saveState() {
    const state: TState = {
      ...this.state,
      rungs: this.rungs,
      targetDuration: this.targetDuration,
      updatedAt: Date.now(),
    };
    await writeAtomic(join(this.dir, '.state.json'), JSON.stringify(state));
  }

  private playlist(ended: boolean): string {
    const window = this.state.window;
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      `#EXT-X-TARGETDURATION:${this.targetDuration}`,
      `#EXT-X-MEDIA-SEQUENCE:${window[0]?.seq ?? this.state.nextSeq}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${this.state.discontinuitySeq}`,
      '#EXT-X-INDEPENDENT-SEGMENTS',
    ];
    for (const entry of window) {
      if (entry.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
      const duration = Math.min(entry.duration, this.targetDuration);
      lines.push(`#EXTINF:${duration.toFixed(6)},`, `${entry.seq}.ts`);
    }
    if (ended) lines.push('#EXT-X-ENDLIST');
    return `${lines.join('\n')}\n`;
  }
}
