import { probeWith, type TProbeResult } from './probe';
import { runFfmpegWith, type TFfmpegSettings, type TRunFfmpegOptions, type TRunFfmpegResult } from './run';

export { ProbeError, type TProbeResult, type TProbeStream } from './probe';
export type { TFfmpegProgress } from './progress';
export { FfmpegInterruptedError } from './run';
export type { TRunFfmpegOptions, TRunFfmpegResult };

/** The worker's only door to ffmpeg: everything else calls this interface, so the engine behind it can change. */
export type TFfmpeg = {
  runFfmpeg(options: TRunFfmpegOptions): Promise<TRunFfmpegResult>;
  probe(path: string): Promise<TProbeResult>;
};

export function createFfmpeg(settings: TFfmpegSettings & { ffprobePath: string }): TFfmpeg {
  return {
    runFfmpeg: (options) => runFfmpegWith(settings, options),
    probe: (path) => probeWith(settings.ffprobePath, path),
  };
}
