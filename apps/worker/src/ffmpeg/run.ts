import ffmpeg, { type FfmpegCommand } from 'fluent-ffmpeg';
import { parseProgressLine, type TFfmpegProgress } from './progress';

export type TRunFfmpegOptions = ({ args: string[] } | { command: FfmpegCommand }) & {
  onProgress?: (progress: TFfmpegProgress) => void;
  /** Aborting asks ffmpeg to quit ('q'), then kills it after the quit grace. */
  signal?: AbortSignal;
  /** Input duration, to turn media time into a percentage. */
  durationSeconds?: number;
  /** Called with ffmpeg's pid once it runs, e.g. to leave a pid file a successor can reap. */
  onSpawn?: (pid: number) => void;
  /** Every stderr line that is not a stats line (e.g. what QC filters log). */
  onLine?: (line: string) => void;
  /** This run's stall limit, instead of the module's (a live feed must be judged in about a second). */
  stallSeconds?: number;
  /** How long the first frame may take (opening and probing a remote feed); the stall limit applies after it. */
  startupSeconds?: number;
};
export type TRunFfmpegResult = { exitCode: number; stderrTail: string[] };
export type TFfmpegSettings = { ffmpegPath: string; stallSeconds: number; quitGraceMs: number };

/** ffmpeg did not finish on its own: it stalled or was aborted. Carries its last stderr lines. */
export class FfmpegInterruptedError extends Error {
  constructor(
    readonly why: 'stalled' | 'aborted',
    readonly stderrTail: string[],
    readonly abortReason?: unknown,
  ) {
    super(why === 'stalled' ? 'ffmpeg stalled' : 'ffmpeg aborted');
    this.name = 'FfmpegInterruptedError';
  }
}

const TAIL_LINES = 12;

function commandFor(options: TRunFfmpegOptions, ffmpegPath: string): FfmpegCommand {
  if ('command' in options) return options.command.setFfmpegPath(ffmpegPath);
  const output = options.args.at(-1);
  if (!output) throw new Error('runFfmpeg needs an argv ending with the output');
  // No inputs: fluent-ffmpeg then emits `-y <our argv>` verbatim; spread so it never splits "a b" values.
  const command = ffmpeg()
    .setFfmpegPath(ffmpegPath)
    .output(output)
    .outputOptions(...options.args.slice(0, -1));
  // Its format check would read an input's `-f lavfi` as an output format; ffmpeg itself judges our argv.
  (command as unknown as { _checkCapabilities: (done: () => void) => void })._checkCapabilities = (done) =>
    done();
  return command;
}

/** Runs ffmpeg to its end, watching progress: no progress for `stallSeconds` → killed, "ffmpeg stalled". */
export function runFfmpegWith(
  settings: TFfmpegSettings,
  options: TRunFfmpegOptions,
): Promise<TRunFfmpegResult> {
  const command = commandFor(options, settings.ffmpegPath);
  const tail: string[] = [];
  let lastFrame = -1;
  let lastMedia = -1;
  let lastProgressAt = Date.now();
  let started = false;
  const stallMs = (options.stallSeconds ?? settings.stallSeconds) * 1000;
  const startupMs = Math.max(stallMs, (options.startupSeconds ?? 0) * 1000);
  let interrupted: FfmpegInterruptedError | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const kill = (signal: NodeJS.Signals) => {
    try {
      command.kill(signal);
    } catch {
      // already gone
    }
  };
  const onAbort = () => {
    interrupted ??= new FfmpegInterruptedError('aborted', tail, options.signal?.reason);
    const proc = (command as unknown as { ffmpegProc?: { stdin?: NodeJS.WritableStream } }).ffmpegProc;
    proc?.stdin?.write('q');
    killTimer = setTimeout(() => kill('SIGKILL'), settings.quitGraceMs);
  };

  return new Promise<TRunFfmpegResult>((resolve, reject) => {
    const cleanUp = () => {
      clearInterval(watchdog);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const finish = (exitCode: number) => {
      cleanUp();
      if (interrupted) reject(interrupted);
      else resolve({ exitCode, stderrTail: [...tail] });
    };
    command.on('stderr', (line: string) => {
      const progress = parseProgressLine(line, options.durationSeconds);
      if (!progress) {
        options.onLine?.(line);
        if (line.trim()) tail.push(line.trim());
        if (tail.length > TAIL_LINES) tail.shift();
        return;
      }
      if (progress.frame > lastFrame || progress.mediaSeconds > lastMedia) {
        lastProgressAt = Date.now();
        started ||= progress.frame > 0 || progress.mediaSeconds > 0;
      }
      lastFrame = progress.frame;
      lastMedia = progress.mediaSeconds;
      options.onProgress?.(progress);
    });
    command.on('start', () => {
      const pid = (command as unknown as { ffmpegProc?: { pid?: number } }).ffmpegProc?.pid;
      if (pid) options.onSpawn?.(pid);
      if (options.signal?.aborted) onAbort();
    });
    command.on('end', () => finish(0));
    command.on('error', (error: Error) => {
      const code = /exited with code (\d+)/.exec(error.message);
      if (!code && !interrupted) {
        // Killed from outside (OOM, a sweep) or never started: nothing may stay armed on a long-lived signal.
        cleanUp();
        reject(error);
        return;
      }
      finish(code ? Number(code[1]) : -1);
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    watchdog = setInterval(
      () => {
        if (interrupted || Date.now() - lastProgressAt < (started ? stallMs : startupMs)) return;
        interrupted = new FfmpegInterruptedError('stalled', tail);
        kill('SIGKILL');
      },
      Math.min(250, stallMs / 4),
    );
    command.run();
  });
}
