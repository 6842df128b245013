import { mkdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ffmpegLadderArgs, type TLadderInput, type TQcSettings } from '@keten/contracts';
import { FfmpegInterruptedError, type TFfmpeg } from '../ffmpeg';
import { qcOutputArgs } from '../qc/qc-filters';
import { QcMonitor, type TQcFinding } from '../qc/qc-monitor';
import { reapOrphan, writePidFile } from '../transcode/orphans';
import { stagedSegments, type TStagedSegment } from './staging';

export type TLegSource = { id: string; url: string; priority: number };
export type TLegState = 'starting' | 'flowing' | 'down';

export type TLegOptions = {
  source: TLegSource;
  ladder: TLadderInput;
  /** This leg's staging folder (its encoder's private HLS output). */
  dir: string;
  ffmpeg: TFfmpeg;
  qc: TQcSettings;
  preset: string;
  /** No new frame for this long: the feed is lost. */
  stallSeconds: number;
  /** Time allowed to open and probe the feed before the first frame. */
  startupSeconds: number;
  /** Wait before reopening a lost feed (doubles up to 4x while it stays down). */
  retrySeconds: number;
  windowSegments: number;
  onState: (leg: LiveLeg, state: TLegState, reason: string | null) => void;
  onQc: (leg: LiveLeg, finding: TQcFinding, phase: 'start' | 'end') => void;
  /** The encoder is started again after it ended (metrics). */
  onRestart?: () => void;
};

/** stderr lines that say why a feed went away (rather than encoder statistics). */
const TELLING = /error|refused|timed out|end of file|invalid|not found|unreachable|reset|denied|no route/i;

/** ffmpeg names its input in errors; a feed URL can carry credentials, and events and the database keep this. */
export function redact(text: string, url: string): string {
  const withoutUrl = text.split(url).join('<feed>');
  return withoutUrl.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1***@');
}

/** Input options per transport: a small probe (first picture in ~1 s) and a read timeout. */
function inputOptions(url: string): string[] {
  const probe = ['-probesize', '500000', '-analyzeduration', '500000', '-fflags', '+genpts+discardcorrupt'];
  if (/^https?:/.test(url)) return [...probe, '-rw_timeout', '3000000'];
  if (/^(udp|rtp):/.test(url)) return [...probe, '-timeout', '3000000', '-overrun_nonfatal', '1'];
  return probe;
}

/**
 * One encoder on one source: pulls the feed, writes the whole ladder to its staging folder and runs
 * QC on the same decoded picture. Every source of a channel has its leg running all the time (warm
 * standby), so a switch only changes which leg's segments get published. A lost feed is reopened
 * until the leg is stopped.
 */
export class LiveLeg {
  state: TLegState = 'starting';
  /** When the leg entered its state; for 'flowing', since when it has been flowing without a break. */
  since = Date.now();
  lastError: string | null = null;
  /** The encoder's last stats line: frames per second, speed against realtime, media time. */
  progress: { fps: number; speed: number | null; mediaSeconds: number } | null = null;
  /** Counts encoder starts: segment numbers are only comparable within one generation. */
  generation = 0;
  qc: QcMonitor;
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  /** True while this generation's encoder runs; a late segment check of a dead one must not revive it. */
  private running = false;

  constructor(private readonly options: TLegOptions) {
    this.qc = new QcMonitor(options.qc, (finding, phase) => options.onQc(this, finding, phase));
  }

  get source(): TLegSource {
    return this.options.source;
  }

  get dir(): string {
    return this.options.dir;
  }

  start(): void {
    // run() never rejects (every failure is a reason to retry), but a bug there must not end the worker.
    this.loop ??= this.run().catch((error: unknown) => {
      this.setState('down', `live leg stopped by an internal error: ${String(error)}`);
    });
  }

  async stop(): Promise<void> {
    this.abort.abort('leg stopped');
    await this.loop;
    this.qc.closeAll();
  }

  /** Complete segments in every rung, oldest first. */
  segments(): Promise<TStagedSegment[]> {
    return stagedSegments(this.options.dir, this.options.ladder.rungs.length);
  }

  private setState(state: TLegState, reason: string | null) {
    if (state === this.state) {
      // Still down: the newest reason is what an operator wants to read.
      if (state === 'down' && reason) this.lastError = reason;
      return;
    }
    this.state = state;
    this.since = Date.now();
    if (reason) this.lastError = reason;
    this.options.onState(this, state, reason);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      // Setting up the folder can fail too (disk full, permissions): that is a reason to retry, not to crash.
      const reason = await this.once().catch(
        (error: unknown) => `could not start the encoder: ${String(error)}`,
      );
      if (this.abort.signal.aborted) break;
      failures += 1;
      this.qc.closeAll();
      this.setState('down', reason);
      const wait = this.options.retrySeconds * 1000 * 2 ** Math.min(2, failures - 1);
      await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => undefined);
      if (!this.abort.signal.aborted) this.options.onRestart?.();
      // Still 'down' while it tries again: only a segment makes it 'flowing'.
    }
  }

  /** Runs the encoder until it ends; returns why it ended. */
  private async once(): Promise<string> {
    const { dir, ladder, source } = this.options;
    const pidFile = `${dir}.pid`;
    await reapOrphan(pidFile, dir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    this.generation += 1;
    const args = ffmpegLadderArgs(ladder, {
      input: source.url,
      outputDir: dir,
      preset: this.options.preset,
      tune: 'zerolatency',
      inputOptions: ['-stats_period', '0.25', ...inputOptions(source.url)],
      extraOutputs: qcOutputArgs(this.options.qc),
      liveWindow: this.options.windowSegments,
    });
    const generation = this.generation;
    this.running = true;
    const watch = setInterval(() => void this.watchSegments(generation), 200);
    try {
      const run = await this.options.ffmpeg.runFfmpeg({
        args,
        signal: this.abort.signal,
        stallSeconds: this.options.stallSeconds,
        startupSeconds: this.options.startupSeconds,
        onLine: (line) => this.qc.line(line),
        onProgress: ({ fps, speed, mediaSeconds }) => {
          this.progress = { fps, speed, mediaSeconds };
        },
        onSpawn: (pid) => void writePidFile(pidFile, pid).catch(() => undefined),
      });
      const why = run.stderrTail.findLast((line) => TELLING.test(line));
      const what = run.exitCode === 0 ? 'feed ended' : `ffmpeg exited with code ${run.exitCode}`;
      return why ? `${what}: ${redact(why.replace(/^\[[^\]]+\]\s*/, ''), source.url)}` : what;
    } catch (error) {
      if (error instanceof FfmpegInterruptedError && error.why === 'stalled')
        return `no new frame for ${this.options.stallSeconds} s`;
      return redact(error instanceof Error ? error.message : String(error), source.url);
    } finally {
      this.running = false;
      clearInterval(watch);
      this.progress = null;
      await rm(pidFile, { force: true });
    }
  }

  private async watchSegments(generation: number) {
    if (this.state === 'flowing') return;
    const segments = await this.segments();
    // The encoder may have died while we read: only the generation still running can be flowing.
    if (segments.length > 0 && this.running && this.generation === generation && !this.abort.signal.aborted)
      this.setState('flowing', null);
  }
}
