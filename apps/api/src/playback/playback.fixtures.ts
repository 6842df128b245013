import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LIVE_KIND, LIVE_QUEUE } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';

/** `seconds` (4) of H.264 (main) + AAC in `segmentSeconds` (2) segments under <root>/live/<slug>/v0/, with a master.m3u8 naming that rung. */
export async function makeLiveHls(
  mediaRoot: string,
  slug: string,
  { seconds = 4, segmentSeconds = 2 }: { seconds?: number; segmentSeconds?: number } = {},
): Promise<void> {
  const dir = join(mediaRoot, 'live', slug);
  await mkdir(join(dir, 'v0'), { recursive: true });
  await promisify(execFile)(
    '/usr/bin/ffmpeg',
    ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine']
      .concat(['-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main'])
      .concat([
        '-g',
        String(25 * segmentSeconds),
        '-c:a',
        'aac',
        '-f',
        'hls',
        '-hls_time',
        String(segmentSeconds),
      ])
      .concat(['-hls_playlist_type', 'vod', join(dir, 'v0', 'index.m3u8')]),
  );
  await writeFile(
    join(dir, 'master.m3u8'),
    '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180,CODECS="avc1.4d400d,mp4a.40.2"\nv0/index.m3u8\n',
  );
}

/** What a worker running the channel's live job records (its picture is on): an ACTIVE live job, a source on air. */
export async function putOnAir(prisma: PrismaClient, channelId: string) {
  const source = await prisma.channelSource.findFirstOrThrow({
    where: { channelId },
    orderBy: { priority: 'asc' },
  });
  await prisma.jobRecord.create({
    data: {
      queue: LIVE_QUEUE,
      kind: LIVE_KIND,
      state: 'ACTIVE',
      channelId,
      input: { channelId },
      startedAt: new Date(),
    },
  });
  await prisma.channel.update({ where: { id: channelId }, data: { onAirSourceId: source.id } });
}
