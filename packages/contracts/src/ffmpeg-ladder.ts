import type { TLadderInput } from './profiles';

export interface TLadderIo {
  /** Anything ffmpeg accepts after -i: a file, udp://…, srt://…. */
  input: string;
  /** Folder the master playlist and one v<N>/ folder per rung are written to. */
  outputDir: string;
  /** 'vod' for a finished file: every segment stays listed and the playlist ends with ENDLIST. */
  playlistType?: 'vod' | 'event';
  /** x264/x265 speed preset for every rung (the encoder's default, medium, when absent). */
  preset?: string;
  /** x264/x265 tune for every rung, e.g. 'zerolatency' for live ingest. */
  tune?: string;
  /** Options for the input, placed before -i (e.g. a small -probesize for a live feed). */
  inputOptions?: string[];
  /** Whole extra outputs placed before the HLS output, e.g. a QC branch ending in `-f null -`. */
  extraOutputs?: string[];
  /** Live: a sliding window of this many segments, older ones deleted from disk. */
  liveWindow?: number;
}

const AUDIO_ENCODER: Record<TLadderInput['audioCodec'], string[]> = {
  AAC_LC: ['aac'],
  // ffmpeg's own AAC encoder has no HE profile; Fraunhofer's has.
  HE_AAC: ['libfdk_aac', 'aac_he'],
  AC3: ['ac3'],
  EAC3: ['eac3'],
};

// Round so 29.97 fps × 2 s gives 60 frames, never 59.94.
const frames = (seconds: number, fps: number) => String(Math.round(seconds * fps));

/**
 * The ffmpeg argv for a profile version: one video and one audio output per rung, packaged as a
 * multi-variant HLS ladder with closed, fixed GOPs aligned to the segment duration. Pure: the
 * console shows it and the worker runs it.
 */
export function ffmpegLadderArgs(ladder: TLadderInput, io: TLadderIo): string[] {
  const args = ['-hide_banner', ...(io.inputOptions ?? []), '-i', io.input, ...(io.extraOutputs ?? [])];
  for (const _ of ladder.rungs) args.push('-map', '0:v:0', '-map', '0:a:0');
  ladder.rungs.forEach((rung, n) => {
    const gop = frames(rung.gopSeconds, rung.fps);
    args.push(`-filter:v:${n}`, `scale=${rung.width}:${rung.height},fps=${rung.fps}`);
    if (rung.codec === 'H264') {
      args.push(`-c:v:${n}`, 'libx264', `-profile:v:${n}`, rung.profile, `-level:v:${n}`, rung.level);
    } else {
      // libx265 takes its level only through x265-params; main10 needs a 10-bit picture.
      args.push(`-c:v:${n}`, 'libx265', `-profile:v:${n}`, rung.profile);
      args.push(`-x265-params:v:${n}`, `level-idc=${rung.level}:scenecut=0:open-gop=0`);
      if (rung.profile === 'main10') args.push(`-pix_fmt:v:${n}`, 'yuv420p10le');
    }
    if (io.preset) args.push(`-preset:v:${n}`, io.preset);
    if (io.tune) args.push(`-tune:v:${n}`, io.tune);
    args.push(
      `-b:v:${n}`,
      `${rung.bitrateKbps}k`,
      `-maxrate:v:${n}`,
      `${rung.maxrateKbps}k`,
      `-bufsize:v:${n}`,
      `${rung.bufsizeKbps}k`,
      `-g:v:${n}`,
      gop,
      `-keyint_min:v:${n}`,
      gop,
      `-sc_threshold:v:${n}`,
      '0',
    );
  });
  const [encoder, profile] = AUDIO_ENCODER[ladder.audioCodec];
  ladder.rungs.forEach((_, n) => {
    args.push(
      `-c:a:${n}`,
      encoder!,
      `-b:a:${n}`,
      `${ladder.audioBitrateKbps}k`,
      `-ac:a:${n}`,
      String(ladder.audioChannels),
    );
    if (profile) args.push(`-profile:a:${n}`, profile);
  });
  args.push(
    '-f',
    'hls',
    '-hls_time',
    String(ladder.segmentSeconds),
    '-hls_flags',
    io.liveWindow ? 'independent_segments+delete_segments' : 'independent_segments',
    ...(io.liveWindow ? ['-hls_list_size', String(io.liveWindow)] : []),
    ...(io.playlistType ? ['-hls_playlist_type', io.playlistType] : []),
    '-hls_segment_filename',
    `${io.outputDir}/v%v/segment_%05d.ts`,
    '-master_pl_name',
    'master.m3u8',
    '-var_stream_map',
    ladder.rungs.map((_, n) => `v:${n},a:${n}`).join(' '),
    `${io.outputDir}/v%v/index.m3u8`,
  );
  return args;
}
