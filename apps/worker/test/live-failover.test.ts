import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIVE_KIND, LIVE_QUEUE, liveJobId } from '@keten/contracts';
import { parsePrometheusText, promValue } from '@keten/contracts/metrics';
import { createTestDatabase, type TestDatabase } from '@keten/db/testing';
import { Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySink } from '../src/events/ingest-events';
import { createFfmpeg } from '../src/ffmpeg';
import { createWorkerConnection } from '../src/lib/redis';
import { SHUTDOWN_REASON } from '../src/lib/shutdown';
import type { TLiveDeps } from '../src/live/live.processor';
import { startLiveWorker } from '../src/live/live.worker';
import { createWorkerMetrics } from '../src/metrics/worker-metrics';
import { TestSource } from '../src/sources/test-source';
import { createLiveChannel, ffmpegsMentioning, livePlaylistPath, watchPlaylist } from './support/live';
import { until } from './support/until';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEGMENT_SECONDS = 2;

describe('live ingest with warm-standby failover', () => {
  let db: TestDatabase;
  let primary: TestSource;
  let backup: TestSource;
  let mediaRoot: string;
  let connection: Redis;
  let queue: Queue;
  const prefix = `test-live-${randomUUID()}`;
  const sink = createMemorySink();
  // What /metrics would show, read through the same exposition (parsed as Prometheus would).
  const metrics = createWorkerMetrics();
  const metric = async (name: string, labels: Record<string, string> = {}) =>
    promValue(parsePrometheusText(await metrics.text()), name, labels);
  const workers: Worker[] = [];
  let deps: TLiveDeps;

  beforeAll(async () => {
    db = await createTestDatabase('live');
    primary = await new TestSource({ toneHz: 440 }).start();
    backup = await new TestSource({ toneHz: 880 }).start();
    mediaRoot = mkdtempSync(join(tmpdir(), 'keten-live-'));
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(LIVE_QUEUE, { connection, prefix });
    deps = {
      prisma: db.prisma,
      ffmpeg: createFfmpeg({
        ffmpegPath: '/usr/bin/ffmpeg',
        ffprobePath: '/usr/bin/ffprobe',
        stallSeconds: 30,
        quitGraceMs: 2_000,
      }),
      mediaRoot,
      events: metrics.countingSink(sink),
      metrics: metrics.live,
      settings: {
        stallSeconds: 1,
        startupSeconds: 15,
        retrySeconds: 1,
        returnAfterSeconds: 4,
        windowSegments: 6,
        preset: 'ultrafast',
      },
      log: process.env.KETEN_TEST_LOG ? console.log : () => undefined,
      configCheckMs: 1_000,
    };
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close(true)));
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await connection?.quit();
    await primary?.close();
    await backup?.close();
    await db?.drop();
    rmSync(mediaRoot, { recursive: true, force: true });
  });

  const startWorker = () => {
    const worker = startLiveWorker(createWorkerConnection(REDIS_URL), prefix, deps, 1, {
      lockSeconds: 5,
      stalledCheckSeconds: 5,
    });
    workers.push(worker);
    return worker;
  };
  const onAir = async (channelId: string) =>
    (await db.prisma.channel.findUniqueOrThrow({ where: { id: channelId } })).onAirSourceId;
  const eventOf = (kind: string, since: number) =>
    sink.events.find((event) => event.kind === kind && Date.parse(event.startedAt) >= since - 10_000);

  it('keeps one playlist going through loss of the primary, its return, a black primary, a settings change and a worker restart', async () => {
    const channel = await createLiveChannel(db.prisma, [primary.url, backup.url], {
      failoverAfterSeconds: 3,
    });
    const [main, spare] = channel.sources;
    const worker = startWorker();
    await queue.add(LIVE_KIND, { channelId: channel.id }, { jobId: liveJobId(channel.id) });
    const playlist = watchPlaylist(livePlaylistPath(mediaRoot, channel.slug));

    // On air from the primary, segments flowing.
    await until('the primary on air', async () => (await onAir(channel.id)) === main!.id, 30_000);
    await until('three segments', () => playlist.entries().length >= 3, 30_000);
    // The job's progress (and its history row) carries each encoder's fps, speed and media time.
    const progress = await until(
      'encoder progress on the job',
      async () => {
        const row = await db.prisma.jobRecord.findFirst({
          where: { channelId: channel.id, state: 'ACTIVE' },
        });
        const output = row?.output as { onAirSourceId: string; legs: { fps: number | null }[] } | null;
        return output?.legs.every((leg) => (leg.fps ?? 0) > 0) ? output : null;
      },
      15_000,
    );
    expect(progress.onAirSourceId).toBe(main!.id);
    expect(await metric('keten_live_channels', { state: 'on_air' })).toBe(1);
    expect(await metric('keten_live_switches_total', { kind: 'failover' })).toBe(0);

    // 1. The primary feed dies: the backup, already encoding, goes on air with a discontinuity.
    const killedAt = Date.now();
    primary.setMode('stopped');
    await until('the backup on air', async () => (await onAir(channel.id)) === spare!.id, 10_000);
    const failover = eventOf('failover', killedAt);
    expect(failover).toMatchObject({ sourceId: spare!.id, fromSourceId: main!.id });
    expect(failover?.cause).toMatch(/^primary: /);
    expect(await metric('keten_live_switches_total', { kind: 'failover' })).toBe(1);
    expect(await metric('keten_live_channels', { state: 'on_air' })).toBe(1);
    const switchedSeq = Number(failover?.detail.sequence);
    await until(
      'two backup segments',
      () => playlist.entries().some((e) => e.seq >= switchedSeq + 2),
      15_000,
    );
    const atFailover = playlist.gaps().find((gap) => gap.seq === switchedSeq);
    expect(atFailover?.discontinuity).toBe(true);
    expect(atFailover!.seconds).toBeLessThanOrEqual(SEGMENT_SECONDS);
    // Around the switch no wait is longer than a segment, give or take the encoder's own cadence jitter.
    const firstAfterKill = playlist.entries().find((e) => e.seenAt >= killedAt)!.seq;
    const aroundSwitch = playlist
      .gaps()
      .filter((gap) => gap.seq >= firstAfterKill && gap.seq <= switchedSeq + 2);
    expect(Math.max(...aroundSwitch.map((gap) => gap.seconds))).toBeLessThanOrEqual(SEGMENT_SECONDS + 0.4);
    // Written without waiting (the encoders must not wait on the database): look until it lands.
    await until(
      'the primary recorded DOWN',
      async () =>
        (await db.prisma.channelSource.findUniqueOrThrow({ where: { id: main!.id } })).health === 'DOWN',
      5_000,
    );
    expect(sink.events.some((e) => e.kind === 'source_down' && e.sourceId === main!.id)).toBe(true);
    const lastFailover = async () =>
      (await db.prisma.channel.findUniqueOrThrow({ where: { id: channel.id } })).lastFailoverAt;
    const failedOverAt = await until('the failover recorded on the channel', lastFailover, 5_000);

    // 2. The primary comes back and, once healthy for returnAfterSeconds, goes back on air.
    const restoredAt = Date.now();
    primary.setMode('normal');
    await until('the return to the primary', () => eventOf('return', restoredAt), 30_000);
    await until('the primary recorded on air', async () => (await onAir(channel.id)) === main!.id, 5_000);
    expect(await lastFailover()).toEqual(failedOverAt); // a return is not a failover
    expect(await metric('keten_live_switches_total', { kind: 'return' })).toBe(1);
    expect(await metric('keten_live_switches_total', { kind: 'failover' })).toBe(1);
    // The primary's encoder was started again while its feed was gone (and once more when it came back).
    expect(await metric('keten_ffmpeg_restarts_total', { role: 'live' })).toBeGreaterThanOrEqual(1);
    const returnSeq = Number(eventOf('return', restoredAt)?.detail.sequence);
    await until(
      'a segment after the return',
      () => playlist.entries().some((e) => e.seq > returnSeq),
      10_000,
    );
    const atReturn = playlist.gaps().find((gap) => gap.seq === returnSeq);
    expect(atReturn?.discontinuity).toBe(true);
    expect(atReturn!.seconds).toBeLessThanOrEqual(SEGMENT_SECONDS);

    // 3. A primary that flows but shows black: a QC event within 5 s, failover after the channel's 3 s.
    const blackAt = Date.now();
    primary.setMode('black');
    const black = await until(
      'a black QC event',
      () => sink.events.find((e) => e.kind === 'black' && e.sourceId === main!.id && e.endedAt === null),
      10_000,
    );
    expect(Date.parse(black.startedAt)).toBeGreaterThanOrEqual(blackAt - 1_000);
    const blackFailover = await until(
      'failover on black',
      () =>
        sink.events.find(
          (e) => e.kind === 'failover' && /black/.test(e.cause) && Date.parse(e.startedAt) > blackAt,
        ),
      15_000,
    );
    expect(blackFailover.sourceId).toBe(spare!.id);
    primary.setMode('normal');

    // 4. A threshold changed in the console reaches the running channel: its encoders restart with it.
    const onAirs = () => sink.events.filter((e) => e.kind === 'on_air').length;
    const onAirsBefore = onAirs();
    await db.prisma.channel.update({
      where: { id: channel.id },
      data: { qcSettings: { failoverAfterSeconds: 3, blackSeconds: 1.5 } },
    });
    await until('encoders restarted with the new settings', () => onAirs() > onAirsBefore, 20_000);
    await until('segments after the restart', () => playlist.entries().length >= 3, 20_000);

    // 5. The worker shuts down and another takes the channel over: numbering carries on, never resets.
    worker.cancelAllJobs(SHUTDOWN_REASON);
    await worker.close();
    await playlist.sync(); // the closed worker's last segment, which the next poll might not have seen yet
    const beforeRestart = Math.max(...playlist.entries().map((e) => e.seq));
    const successor = startWorker();
    await until(
      'segments after the restart',
      () => playlist.entries().some((e) => e.seq > beforeRestart + 1),
      30_000,
    );
    const seqs = playlist.entries().map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, n) => seqs[0]! + n));
    expect(playlist.entries().find((e) => e.seq === beforeRestart + 1)?.discontinuity).toBe(true);

    // 6. Stopped from the console: final, off air, and no encoder left behind.
    successor.cancelJob(liveJobId(channel.id), 'stopped by an operator');
    await until(
      'the job record cancelled',
      async () =>
        (await db.prisma.jobRecord.findFirst({ where: { channelId: channel.id, state: 'CANCELLED' } })) ??
        null,
      15_000,
    );
    playlist.stop();
    expect(await onAir(channel.id)).toBeNull();
    expect(await metric('keten_live_channels', { state: 'running' })).toBe(0);
    expect(await metric('keten_live_channels', { state: 'on_air' })).toBe(0);
    // Players are told the stream ended instead of polling a playlist that no longer moves.
    expect(await readFile(livePlaylistPath(mediaRoot, channel.slug), 'utf8')).toMatch(/#EXT-X-ENDLIST\n$/);
    expect(await ffmpegsMentioning(mediaRoot)).toEqual([]);
    console.log(
      `live failover: gap at failover ${atFailover!.seconds.toFixed(2)} s, at return ${atReturn!.seconds.toFixed(2)} s; ` +
        `all gaps ${playlist
          .gaps()
          .map((gap) => gap.seconds.toFixed(2))
          .join(' ')}`,
    );
  }, 180_000);
});
