import { execFileSync } from 'node:child_process';
import type { PrismaClient } from '@keten/db/client';

/** A clip with a moving test pattern and a tone, like a real programme as far as an encoder cares. */
export function makeClip(path: string, seconds: number, size = '1280x720') {
  execFileSync('/usr/bin/ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=25:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '18',
    '-c:a',
    'aac',
    '-shortest',
    path,
  ]);
}

export const TEST_RUNGS = [
  { ordinal: 1, codec: 'H264', profile: 'high', level: '3.1', width: 1280, height: 720, bitrateKbps: 1500 },
  { ordinal: 2, codec: 'H264', profile: 'main', level: '3.0', width: 854, height: 480, bitrateKbps: 800 },
  { ordinal: 3, codec: 'H264', profile: 'main', level: '3.0', width: 640, height: 360, bitrateKbps: 400 },
] as const;

/** A hand-made 3-rung H.264 profile version: 2 s segments and GOPs at 25 fps. */
export async function createTestProfileVersion(prisma: PrismaClient): Promise<string> {
  const profile = await prisma.encodingProfile.create({
    data: {
      code: `test-vod-${Date.now()}`,
      name: 'Test VOD ladder',
      versions: {
        create: {
          version: 1,
          segmentSeconds: 2,
          audioCodec: 'AAC_LC',
          audioBitrateKbps: 96,
          audioChannels: 2,
          rungs: {
            create: TEST_RUNGS.map((rung) => ({
              ...rung,
              fps: 25,
              maxrateKbps: Math.round(rung.bitrateKbps * 1.1),
              bufsizeKbps: rung.bitrateKbps * 2,
              gopSeconds: 2,
            })),
          },
        },
      },
    },
    include: { versions: true },
  });
  return profile.versions[0]!.id;
}

type TProbeJson = {
  streams: Record<string, string | number>[];
  packets?: { pts_time: string; size: string; flags: string }[];
};

export function ffprobeJson(path: string, extra: string[] = []): TProbeJson {
  const out = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-of', 'json', ...extra, path], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as TProbeJson;
}

/** Video keyframe times and average video bitrate of one rung's playlist, read packet by packet. */
export function videoPackets(playlist: string) {
  const { packets = [] } = ffprobeJson(playlist, [
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,size,flags',
  ]);
  const times = packets.map((packet) => Number(packet.pts_time));
  const seconds = Math.max(...times) - Math.min(...times) + 0.04;
  const bits = packets.reduce((sum, packet) => sum + Number(packet.size) * 8, 0);
  return {
    keyframes: packets
      .filter((packet) => packet.flags.includes('K'))
      .map((packet) => Number(packet.pts_time).toFixed(2)),
    kbps: bits / seconds / 1000,
  };
}
