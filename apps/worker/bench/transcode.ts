/**
 * Worker overhead on a VOD ladder: the same argv run by plain ffmpeg and through the transcode queue
 * (probe, JobRecord rows, progress, verify, publish), alternating, in the same run. Prints, asserts nothing.
 *   cd apps/worker && pnpm exec tsx bench/transcode.ts [clipSeconds=20] [rounds=2]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegLadderArgs } from '@keten/contracts';
import { createTestDatabase } from '@keten/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createFfmpeg } from '../src/ffmpeg';
import { createWorkerConnection } from '../src/lib/redis';
import { loadLadder } from '../src/transcode/ladder';
import { TRANSCODE_JOB_OPTIONS, TRANSCODE_QUEUE } from '../src/transcode/transcode.queue';
import { startTranscodeWorker } from '../src/transcode/transcode.worker';
import { createTestProfileVersion, makeClip } from '../test/support/media';

const clipSeconds = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 2);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = mkdtempSync(join(tmpdir(), 'keten-bench-'));
const clip = join(root, 'clip.mp4');

function plainFfmpeg(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/ffmpeg', args, { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`)),
    );
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  makeClip(clip, clipSeconds);
  const db = await createTestDatabase('worker_bench');
  const prefix = `bench-${randomUUID()}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(TRANSCODE_QUEUE, { connection, prefix });
  const ffmpeg = createFfmpeg({
    ffmpegPath: '/usr/bin/ffmpeg',
    ffprobePath: '/usr/bin/ffprobe',
    stallSeconds: 60,
    quitGraceMs: 3_000,
  });
  const mediaRoot = join(root, 'media');
  const worker = startTranscodeWorker(
    createWorkerConnection(REDIS_URL),
    prefix,
    { prisma: db.prisma, ffmpeg, mediaRoot, preset: 'veryfast' },
    1,
  );
  try {
    const versionId = await createTestProfileVersion(db.prisma);
    const ladder = (await loadLadder(db.prisma, versionId))!;
    const plain: number[] = [];
    const viaWorker: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const outputDir = join(root, `plain-${round}`);
      mkdirSync(outputDir);
      plain.push(
        await plainFfmpeg([
          '-y',
          ...ffmpegLadderArgs(ladder, { input: clip, outputDir, playlistType: 'vod', preset: 'veryfast' }),
        ]),
      );
      const started = performance.now();
      const job = await queue.add(
        'bench',
        { sourcePath: clip, profileVersionId: versionId, outputKey: `bench-${round}` },
        TRANSCODE_JOB_OPTIONS,
      );
      while (!['completed', 'failed'].includes(await queue.getJobState(job.id!)))
        await new Promise((r) => setTimeout(r, 20));
      viaWorker.push(performance.now() - started);
      console.log(
        `round ${round + 1}: plain ${(plain.at(-1)! / 1000).toFixed(2)} s, worker ${(viaWorker.at(-1)! / 1000).toFixed(2)} s (${await queue.getJobState(job.id!)})`,
      );
    }
    const p = median(plain);
    const w = median(viaWorker);
    console.log(
      `clip ${clipSeconds} s 1280x720 → 3 rungs H.264 (720p/480p/360p, veryfast), ${rounds} rounds, medians:`,
    );
    console.log(
      `  plain ffmpeg   ${(p / 1000).toFixed(2)} s   realtime factor ${(clipSeconds / (p / 1000)).toFixed(2)}x`,
    );
    console.log(
      `  worker (queue) ${(w / 1000).toFixed(2)} s   realtime factor ${(clipSeconds / (w / 1000)).toFixed(2)}x`,
    );
    console.log(`  overhead       ${(((w - p) / p) * 100).toFixed(1)} %  (${((w - p) / 1000).toFixed(2)} s)`);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

// The worker's own Redis connection stays open after close(), so exit explicitly.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
