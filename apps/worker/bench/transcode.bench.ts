/**
 * Worker overhead on a VOD ladder, in one run: the worker (queue → probe → JobRecord → ffmpeg → verify →
 * publish) against plain ffmpeg with exactly the argv the worker's ffmpeg ran (read from /proc while it
 * ran; only the output folder differs). One untimed warm-up through the worker, then rounds alternating
 * which goes first (W P, P W, ...) so drift in machine load hits both. Prints, asserts nothing.
 *   pnpm --filter @keten/worker exec tsx bench/transcode.bench.ts [--seconds 60] [--rounds 4] [--preset veryfast]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@keten/db/testing';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createFfmpeg, type TFfmpeg } from '../src/ffmpeg';
import { createWorkerConnection } from '../src/lib/redis';
import { TRANSCODE_JOB_OPTIONS, TRANSCODE_QUEUE } from '../src/transcode/transcode.queue';
import { startTranscodeWorker } from '../src/transcode/transcode.worker';
import { createTestProfileVersion, makeClip } from '../test/support/media';

const ZFlagsSchema = z.object({
  seconds: z.coerce.number().int().min(5, 'at least 5').max(3600),
  rounds: z.coerce.number().int().min(1, 'at least 1').max(50),
  preset: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium']),
});

function readFlags() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      rounds: { type: 'string', default: '4' },
      preset: { type: 'string', default: 'veryfast' },
    },
  });
  const parsed = ZFlagsSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new Error(`--${String(issue?.path[0])}: ${issue?.message}`);
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
/** CPU seconds (user + system) of this process's waited-for children so far: ffmpeg and ffprobe runs. */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17 of /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
const ownCpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
/** Wall ms; CPU seconds of the encoders (and ffprobe), and of the worker's own process (plain: 0). */
type TSample = { wall: number; cpu: number; own: number };
const pct = (worker: number, plain: number) => `${(((worker - plain) / plain) * 100).toFixed(1)} %`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => {
  const v = sorted(values);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};

/** Prints elapsed time (and progress when known) every 5 s while `work` runs. */
async function ticking<T>(label: string, progress: () => Promise<string>, work: Promise<T>): Promise<T> {
  const started = performance.now();
  const timer = setInterval(() => {
    void progress().then((p) =>
      console.log(`    … ${label} ${((performance.now() - started) / 1000).toFixed(0)} s${p}`),
    );
  }, 5_000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

type TRunTimes = { spawnedAt: number; exitedAt: number };

/** Records the exact argv the worker's ffmpeg runs with (read from /proc when it spawns) and when it ran. */
function recording(ffmpeg: TFfmpeg, argvs: string[][], runs: TRunTimes[]): TFfmpeg {
  return {
    ...ffmpeg,
    runFfmpeg: async (options) => {
      const times = { spawnedAt: 0, exitedAt: 0 };
      const result = await ffmpeg.runFfmpeg({
        ...options,
        onSpawn: (pid) => {
          times.spawnedAt = performance.now();
          options.onSpawn?.(pid);
          argvs.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1));
        },
      });
      times.exitedAt = performance.now();
      runs.push(times);
      return result;
    },
  };
}

function plainFfmpeg(argv: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`plain ffmpeg exit ${code}`)),
    );
  });
}

async function main() {
  const flags = readFlags();
  const root = mkdtempSync(join(tmpdir(), 'keten-bench-'));
  const clip = join(root, 'clip.mp4');
  console.log(`making a ${flags.seconds} s 1280x720 clip …`);
  makeClip(clip, flags.seconds);
  const db = await createTestDatabase('worker_bench');
  const prefix = `bench-${randomUUID()}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(TRANSCODE_QUEUE, { connection, prefix });
  const events = new QueueEvents(TRANSCODE_QUEUE, { connection: createWorkerConnection(REDIS_URL), prefix });
  const argvs: string[][] = [];
  const runs: TRunTimes[] = [];
  const ffmpeg = recording(
    createFfmpeg({
      ffmpegPath: '/usr/bin/ffmpeg',
      ffprobePath: '/usr/bin/ffprobe',
      stallSeconds: 60,
      quitGraceMs: 3_000,
    }),
    argvs,
    runs,
  );
  const mediaRoot = join(root, 'media');
  const worker = startTranscodeWorker(
    createWorkerConnection(REDIS_URL),
    prefix,
    { prisma: db.prisma, ffmpeg, mediaRoot, preset: flags.preset },
    1,
  );
  try {
    await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
    const versionId = await createTestProfileVersion(db.prisma);
    let n = 0;
    const split: { before: number; ffmpeg: number; after: number }[] = [];
    const viaWorker = async (): Promise<TSample> => {
      const started = performance.now();
      const [childrenBefore, ownBefore] = [childrenCpu(), ownCpu()];
      const job: Job = await queue.add(
        'bench',
        { sourcePath: clip, profileVersionId: versionId, outputKey: `bench-${n++}` },
        TRANSCODE_JOB_OPTIONS,
      );
      const progress = async () => {
        const p = (await queue.getJob(job.id!))?.progress as { percent?: number } | undefined;
        return p?.percent === undefined ? '' : ` (${p.percent} %)`;
      };
      await ticking('worker', progress, job.waitUntilFinished(events, 3_600_000));
      const ended = performance.now();
      const run = runs.at(-1)!;
      // Where the worker's time goes: before ffmpeg (queue, probe, rows), ffmpeg itself, after it (verify, publish).
      split.push({
        before: run.spawnedAt - started,
        ffmpeg: run.exitedAt - run.spawnedAt,
        after: ended - run.exitedAt,
      });
      const own = ownCpu() - ownBefore;
      return { wall: ended - started, cpu: childrenCpu() - childrenBefore + own, own };
    };
    const plain = async (round: number): Promise<TSample> => {
      const worked = argvs[0]!;
      const tmpDir = worked.find((arg) => arg.includes('/.tmp/transcode-'))!.split('/v%v/')[0]!;
      const outputDir = join(root, `plain-${round}`);
      mkdirSync(outputDir);
      const argv = worked.map((arg) => arg.split(tmpDir).join(outputDir));
      const cpuBefore = childrenCpu();
      const wall = await ticking('plain', async () => '', plainFfmpeg(argv));
      const cpu = childrenCpu() - cpuBefore;
      rmSync(outputDir, { recursive: true, force: true });
      return { wall, cpu, own: 0 };
    };

    console.log(`warm-up through the worker (untimed), load ${load()}`);
    await viaWorker();
    console.log(`worker's ffmpeg argv:\n  ${argvs[0]!.join(' ')}`);
    const plainRuns: TSample[] = [];
    const workerRuns: TSample[] = [];
    for (let round = 0; round < flags.rounds; round++) {
      // Alternate which goes first so a drift in load hits both sides alike.
      if (round % 2 === 0) {
        workerRuns.push(await viaWorker());
        plainRuns.push(await plain(round));
      } else {
        plainRuns.push(await plain(round));
        workerRuns.push(await viaWorker());
      }
      const [pr, wr] = [plainRuns[round]!, workerRuns[round]!];
      const parts = split.at(-1)!;
      console.log(
        `round ${round + 1}/${flags.rounds}: plain ${s(pr.wall)} (cpu ${pr.cpu.toFixed(1)} s), worker ${s(wr.wall)} (cpu ${wr.cpu.toFixed(1)} s of which node ${wr.own.toFixed(2)} s; before ffmpeg ${parts.before.toFixed(0)} ms, ffmpeg ${s(parts.ffmpeg)}, after ${parts.after.toFixed(0)} ms), wall overhead ${pct(wr.wall, pr.wall)}  (load ${load()})`,
      );
      rmSync(join(mediaRoot, 'vod'), { recursive: true, force: true });
    }
    const plainMs = plainRuns.map((run) => run.wall);
    const workerMs = workerRuns.map((run) => run.wall);
    const p = median(plainMs);
    const w = median(workerMs);
    const paired = plainMs.map((plainOne, i) => ((workerMs[i]! - plainOne) / plainOne) * 100);
    const plainCpu = median(plainRuns.map((run) => run.cpu));
    const workerCpu = median(workerRuns.map((run) => run.cpu));
    const range = (values: number[]) => `${s(sorted(values)[0]!)} … ${s(sorted(values).at(-1)!)}`;
    console.log(
      `\nclip ${flags.seconds} s 1280x720 25 fps → 3 rungs H.264 (720p/480p/360p, ${flags.preset}), ${flags.rounds} rounds`,
    );
    console.log(
      `  plain ffmpeg  median ${s(p)}  (${range(plainMs)})  realtime factor ${(flags.seconds / (p / 1000)).toFixed(2)}x`,
    );
    console.log(
      `  worker        median ${s(w)}  (${range(workerMs)})  realtime factor ${(flags.seconds / (w / 1000)).toFixed(2)}x`,
    );
    console.log(
      `  overhead      ${(((w - p) / p) * 100).toFixed(1)} % of medians (${s(w - p)}); per round median ${median(paired).toFixed(1)} %, range ${Math.min(...paired).toFixed(1)} … ${Math.max(...paired).toFixed(1)} %`,
    );
    // CPU seconds hardly depend on what else the machine runs: the steadier figure on a busy machine.
    console.log(
      `  cpu           plain ffmpeg ${plainCpu.toFixed(1)} s, worker (ffprobe + ffmpeg + its own process) ${workerCpu.toFixed(1)} s: ${pct(workerCpu, plainCpu)}`,
    );
    const timed = split.slice(1);
    console.log(
      `  worker split  median before ffmpeg ${median(timed.map((t) => t.before)).toFixed(0)} ms, ffmpeg ${s(median(timed.map((t) => t.ffmpeg)))}, after ffmpeg ${median(timed.map((t) => t.after)).toFixed(0)} ms`,
    );
    console.log(`  load average at the end ${load()}`);
  } finally {
    await worker.close();
    await events.close();
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
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
