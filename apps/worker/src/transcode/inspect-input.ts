import { UnrecoverableError } from 'bullmq';
import { ProbeError, type TFfmpeg } from '../ffmpeg';

/** Probes the source; anything that is not a decodable video with sound fails the job for good (retrying cannot help). */
export async function inspectInput(
  ffmpeg: TFfmpeg,
  sourcePath: string,
): Promise<{ durationSeconds?: number }> {
  let probe: Awaited<ReturnType<TFfmpeg['probe']>>;
  try {
    probe = await ffmpeg.probe(sourcePath);
  } catch (error) {
    if (error instanceof ProbeError)
      throw new UnrecoverableError(`input is not a decodable video: ${error.message}`);
    throw error;
  }
  const video = probe.streams.find((stream) => stream.codec_type === 'video');
  if (!video?.width || !video.height)
    throw new UnrecoverableError(
      'input is not a decodable video: ffprobe found no video stream with a picture size',
    );
  if (!probe.streams.some((stream) => stream.codec_type === 'audio'))
    throw new UnrecoverableError('input has no audio stream: every rung of the ladder carries audio');
  return { durationSeconds: probe.format.duration ?? video.duration };
}

/** ffmpeg's words for input it cannot decode: such a failure is permanent, unlike a crash or a full disk. */
export const UNDECODABLE =
  /Invalid data found when processing input|could not find codec parameters|moov atom not found|Error while decoding/i;
