import { describe, expect, it } from 'vitest';
import { ffmpegLadderArgs } from './ffmpeg-ladder';
import { rungIncompatibility, validateLadder } from './ladder-rules';
import type { TLadderInput, TRungInput } from './profiles';

const rung = (
  width: number,
  height: number,
  bitrateKbps: number,
  extra: Partial<TRungInput> = {},
): TRungInput => ({
  codec: 'H264',
  profile: 'main',
  level: '4.0',
  width,
  height,
  fps: 25,
  bitrateKbps,
  maxrateKbps: Math.round(bitrateKbps * 1.1),
  bufsizeKbps: bitrateKbps * 2,
  gopSeconds: 2,
  ...extra,
});

const ladder = (rungs: TRungInput[], segmentSeconds = 4): TLadderInput => ({
  segmentSeconds,
  audioCodec: 'AAC_LC',
  audioBitrateKbps: 128,
  audioChannels: 2,
  rungs,
});

const fields = (l: TLadderInput) => validateLadder(l).map((issue) => issue.field);

describe('validateLadder', () => {
  it('accepts a sound 3-rung ladder', () => {
    expect(
      validateLadder(ladder([rung(1920, 1080, 5000), rung(1280, 720, 3000), rung(640, 360, 800)])),
    ).toEqual([]);
  });

  it('names the rung whose bitrate does not fall with its resolution, in any input order', () => {
    expect(fields(ladder([rung(640, 360, 800), rung(1920, 1080, 5000), rung(1280, 720, 5000)]))).toEqual([
      'rungs.2.bitrateKbps',
    ]);
  });

  it('checks maxrate, bufsize and even dimensions per rung', () => {
    const issues = fields(ladder([rung(1279, 719, 3000, { maxrateKbps: 2000, bufsizeKbps: 100_000 })]));
    expect(issues).toEqual(['rungs.0.width', 'rungs.0.height', 'rungs.0.maxrateKbps', 'rungs.0.bufsizeKbps']);
  });

  it('holds each rung to its level: picture size, sample rate and bitrate', () => {
    const issues = validateLadder(
      ladder([
        rung(1920, 1080, 6000, { level: '3.1' }),
        rung(1280, 720, 3000, { level: '3.1', fps: 50, gopSeconds: 2 }),
        rung(640, 360, 2000, { level: '3.0', maxrateKbps: 12_000, bufsizeKbps: 12_000 }),
      ]),
    );
    expect(issues.map((i) => i.field)).toEqual([
      'rungs.0.level',
      'rungs.1.level',
      'rungs.2.maxrateKbps',
      'rungs.2.bufsizeKbps',
    ]);
    expect(issues[0]?.message).toMatch(/max picture size/);
    expect(issues[1]?.message).toMatch(/luma samples\/s/);
    expect(issues[2]?.message).toMatch(/10,000 kbit\/s/);
  });

  it('applies the HEVC tables and High profile factor', () => {
    expect(
      fields(ladder([rung(3840, 2160, 16_000, { codec: 'HEVC', profile: 'main10', level: '5.1', fps: 50 })])),
    ).toEqual([]);
    expect(
      fields(ladder([rung(3840, 2160, 16_000, { codec: 'HEVC', profile: 'main10', level: '4.1' })])),
    ).toEqual(['rungs.0.level', 'rungs.0.bufsizeKbps']);
    // High@4.0 allows 25,000 kbit/s; Main@4.0 20,000.
    expect(
      fields(
        ladder([rung(1920, 1080, 20_000, { profile: 'high', maxrateKbps: 24_000, bufsizeKbps: 24_000 })]),
      ),
    ).toEqual([]);
    expect(fields(ladder([rung(1920, 1080, 20_000, { maxrateKbps: 24_000, bufsizeKbps: 24_000 })]))).toEqual([
      'rungs.0.maxrateKbps',
    ]);
  });

  it('needs whole-frame GOPs that divide the segment', () => {
    expect(fields(ladder([rung(1280, 720, 3000, { gopSeconds: 1.5 })], 4))).toEqual(['rungs.0.gopSeconds']);
    expect(fields(ladder([rung(1280, 720, 3000, { gopSeconds: 0.3, fps: 25 })], 3))).toEqual([
      'rungs.0.gopSeconds',
    ]);
    expect(fields(ladder([rung(1280, 720, 3000, { gopSeconds: 2, fps: 29.97 })], 6))).toEqual([
      'rungs.0.gopSeconds',
    ]);
    expect(fields(ladder([rung(1280, 720, 3000, { level: '3.2', gopSeconds: 0.5, fps: 50 })], 6))).toEqual(
      [],
    );
  });
});

describe('rungIncompatibility', () => {
  const legacy = {
    videoCodecs: ['H264'] as const,
    maxH264Profile: 'main',
    maxH264Level: '3.1',
    maxHevcProfile: null,
    maxHevcLevel: null,
    maxWidth: 1280,
    maxHeight: 720,
    maxFps: 30,
  };
  it('says why a legacy H.264 Main 720p box cannot play a rung', () => {
    expect(rungIncompatibility(rung(1280, 720, 3000, { level: '3.1' }), legacy)).toBeUndefined();
    expect(rungIncompatibility(rung(1280, 720, 3000, { level: '3.1', profile: 'high' }), legacy)).toMatch(
      /profile high/,
    );
    expect(rungIncompatibility(rung(1920, 1080, 3000, { level: '3.1' }), legacy)).toMatch(/level 4.0|1920/);
    expect(rungIncompatibility(rung(1280, 720, 3000, { codec: 'HEVC', level: '3.1' }), legacy)).toMatch(
      /HEVC/,
    );
    expect(rungIncompatibility(rung(1280, 720, 3000, { level: '3.1', fps: 50 }), legacy)).toMatch(/50 fps/);
  });
});

describe('ffmpegLadderArgs', () => {
  it('builds a 3-rung HLS ladder with per-rung codec, rate control and fixed GOPs', () => {
    const args = ffmpegLadderArgs(
      ladder([
        rung(1920, 1080, 5000, { profile: 'high', level: '4.0' }),
        rung(1280, 720, 3000, { level: '3.1' }),
        rung(960, 540, 1600, { codec: 'HEVC', profile: 'main', level: '3.1', gopSeconds: 1 }),
      ]),
      { input: 'udp://239.1.1.1:5000', outputDir: '/media/npo-1' },
    );
    expect(args).toEqual([
      '-hide_banner',
      '-i',
      'udp://239.1.1.1:5000',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0',
      '-filter:v:0',
      'scale=1920:1080,fps=25',
      '-c:v:0',
      'libx264',
      '-profile:v:0',
      'high',
      '-level:v:0',
      '4.0',
      '-b:v:0',
      '5000k',
      '-maxrate:v:0',
      '5500k',
      '-bufsize:v:0',
      '10000k',
      '-g:v:0',
      '50',
      '-keyint_min:v:0',
      '50',
      '-sc_threshold:v:0',
      '0',
      '-filter:v:1',
      'scale=1280:720,fps=25',
      '-c:v:1',
      'libx264',
      '-profile:v:1',
      'main',
      '-level:v:1',
      '3.1',
      '-b:v:1',
      '3000k',
      '-maxrate:v:1',
      '3300k',
      '-bufsize:v:1',
      '6000k',
      '-g:v:1',
      '50',
      '-keyint_min:v:1',
      '50',
      '-sc_threshold:v:1',
      '0',
      '-filter:v:2',
      'scale=960:540,fps=25',
      '-c:v:2',
      'libx265',
      '-profile:v:2',
      'main',
      '-x265-params:v:2',
      'level-idc=3.1:scenecut=0:open-gop=0',
      '-b:v:2',
      '1600k',
      '-maxrate:v:2',
      '1760k',
      '-bufsize:v:2',
      '3200k',
      '-g:v:2',
      '25',
      '-keyint_min:v:2',
      '25',
      '-sc_threshold:v:2',
      '0',
      '-c:a:0',
      'aac',
      '-b:a:0',
      '128k',
      '-ac:a:0',
      '2',
      '-c:a:1',
      'aac',
      '-b:a:1',
      '128k',
      '-ac:a:1',
      '2',
      '-c:a:2',
      'aac',
      '-b:a:2',
      '128k',
      '-ac:a:2',
      '2',
      '-f',
      'hls',
      '-hls_time',
      '4',
      '-hls_flags',
      'independent_segments',
      '-hls_segment_filename',
      '/media/npo-1/v%v/segment_%05d.ts',
      '-master_pl_name',
      'master.m3u8',
      '-var_stream_map',
      'v:0,a:0 v:1,a:1 v:2,a:2',
      '/media/npo-1/v%v/index.m3u8',
    ]);
  });

  it('keeps every segment of a file transcode listed (VOD playlist type)', () => {
    const args = ffmpegLadderArgs(ladder([rung(1280, 720, 3000)]), {
      input: '/in/movie.mp4',
      outputDir: '/media/vod/movie',
      playlistType: 'vod',
      preset: 'veryfast',
    });
    const at = args.indexOf('-hls_playlist_type');
    expect(args[at + 1]).toBe('vod');
    expect(args[args.indexOf('-preset:v:0') + 1]).toBe('veryfast');
    expect(args.at(-1)).toBe('/media/vod/movie/v%v/index.m3u8');
  });
});
