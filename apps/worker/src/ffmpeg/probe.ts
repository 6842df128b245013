import ffmpeg from 'fluent-ffmpeg';
import { z } from 'zod';

const num = z.preprocess((value) => {
  if (value === 'N/A' || value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}, z.number().optional());

const ZProbeStreamSchema = z.object({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.union([z.string(), z.number()]).optional(),
  level: num,
  width: num,
  height: num,
  avg_frame_rate: z.string().optional(),
  bit_rate: num,
  duration: num,
});

/** The part of ffprobe's answer the worker relies on, checked rather than trusted. */
export const ZProbeResultSchema = z.object({
  streams: z.array(ZProbeStreamSchema),
  format: z.object({
    format_name: z.string().optional(),
    duration: num,
    bit_rate: num,
    size: num,
  }),
});
export type TProbeResult = z.infer<typeof ZProbeResultSchema>;
export type TProbeStream = z.infer<typeof ZProbeStreamSchema>;

/** ffprobe refused the file; `message` is ffprobe's own last words. */
export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

export function probeWith(ffprobePath: string, path: string): Promise<TProbeResult> {
  return new Promise((resolve, reject) => {
    ffmpeg.setFfprobePath(ffprobePath);
    ffmpeg.ffprobe(path, (error: Error | null, data: unknown) => {
      if (error) {
        // fluent-ffmpeg prefixes its own words; keep ffprobe's last meaningful line.
        const lines = String(error.message)
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
        reject(new ProbeError(lines.at(-1) ?? 'ffprobe failed'));
        return;
      }
      const parsed = ZProbeResultSchema.safeParse(data);
      if (parsed.success) resolve(parsed.data);
      else reject(new ProbeError(`unexpected ffprobe output: ${parsed.error.message}`));
    });
  });
}
