/** What ffmpeg's periodic stats line says about a running encode. */
export type TFfmpegProgress = {
  frame: number;
  fps: number;
  /** Encoding speed as a multiple of realtime (ffmpeg's `speed=`). */
  speed: number | null;
  /** Position reached in the media, in seconds (ffmpeg's `time=`). */
  mediaSeconds: number;
  /** 0–100 when the input duration is known. */
  percent: number | null;
};

const STATS =
  /frame=\s*(\d+)\s+fps=\s*([\d.]+).*?time=\s*(-?)(\d+):(\d+):([\d.]+).*?speed=\s*([\d.]+|N\/A)x?/;

/** Parses one stats line of ffmpeg's stderr; anything else gives null. */
export function parseProgressLine(line: string, durationSeconds?: number): TFfmpegProgress | null {
  const match = STATS.exec(line);
  if (!match) return null;
  const [, frame, fps, negative, h, m, s, speed] = match;
  const mediaSeconds = negative ? 0 : Number(h) * 3600 + Number(m) * 60 + Number(s);
  const percent =
    durationSeconds && durationSeconds > 0
      ? Math.min(100, Math.round((mediaSeconds / durationSeconds) * 1000) / 10)
      : null;
  return {
    frame: Number(frame),
    fps: Number(fps),
    speed: speed === 'N/A' ? null : Number(speed),
    mediaSeconds,
    percent,
  };
}
