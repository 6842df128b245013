import { randomUUID } from 'node:crypto';
import {
  INGEST_EVENTS_QUEUE,
  jobCancelChannel,
  LIVE_KIND,
  LIVE_QUEUE,
  liveJobId,
  PROBE_KIND,
  PROBE_QUEUE,
  type TIngestEventInput,
  ZIngestEventSchema,
} from '@keten/contracts';
import { type Job, Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { queueFor } from '../jobs/jobs.queues';

type THealth = {
  channel: { id: string; name: string };
  profileVersion: { version: number; profileCode: string } | null;
  sources: {
    id: string;
    priority: number;
    health: string;
    isOnAir: boolean;
    probe: unknown;
    lastError: string | null;
  }[];
  onAir: { id: string; url: string } | null;
  lastFailoverAt: string | null;
  live: { record: { id: string; state: string } | null; queue: { state: string } | null };
  qcSettings: Record<string, number | null>;
  timeline: {
    events: { id: string; kind: string; endedAt: string | null; cause: string }[];
    counts: Record<string, number>;
  } | null;
  timelineError: string | null;
};
const dataOf = <T>(response: { body: { result?: { data: { json: unknown } } } }) =>
  response.body.result?.data.json as T;

describe('channel health, live ingest, probes and QC over tRPC (real PostgreSQL, Redis, chDB)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let events: Queue;
  let channelId: string;
  let sourceIds: string[];
  const liveQueue = () => queueFor(api.redis, api.deps.workerQueuePrefix, LIVE_QUEUE);
  const probeQueue = () => queueFor(api.redis, api.deps.workerQueuePrefix, PROBE_QUEUE);
  const health = async (id = channelId, role: 'NOC' | 'SUPPORT' = 'NOC') =>
    dataOf<THealth>(await api.trpc('channels.health', { id }, { role }));
  const mutate = (path: string, input: unknown, role: 'NOC' | 'CONTENT' | 'SUPPORT' | 'PRODUCT' = 'NOC') =>
    api.trpc(path, input, { role, kind: 'mutation' });

  async function createChannel(lcn: number, options: { pinned?: boolean; enabled?: boolean } = {}) {
    const profile = await api.prisma.encodingProfile.create({
      data: { code: `p-${lcn}`, name: `Profile ${lcn}` },
    });
    const version = await api.prisma.encodingProfileVersion.create({
      data: {
        profileId: profile.id,
        version: 3,
        segmentSeconds: 4,
        audioCodec: 'AAC_LC',
        audioBitrateKbps: 128,
        audioChannels: 2,
      },
    });
    return api.prisma.channel.create({
      data: {
        lcn,
        name: `Live ${lcn}`,
        slug: `live-${lcn}`,
        genre: 'NEWS',
        language: 'nl',
        encodingProfileVersionId: options.pinned === false ? null : version.id,
        sources: {
          create: [
            {
              priority: 1,
              protocol: 'UDP',
              url: `udp://@239.0.0.${lcn % 250}:5000`,
              enabled: options.enabled ?? true,
            },
            {
              priority: 2,
              protocol: 'SRT',
              url: `srt://backup.example.nl:${9000 + lcn}`,
              enabled: options.enabled ?? true,
            },
          ],
        },
      },
      include: { sources: { orderBy: { priority: 'asc' } } },
    });
  }

  /** Exactly what apps/worker's event sink does (src/events/ingest-events.ts). */
  async function emit(event: TIngestEventInput) {
    const parsed = ZIngestEventSchema.parse(event);
    await events.add(parsed.kind, parsed, {
      jobId: `${parsed.id}-${parsed.endedAt ? 'end' : 'start'}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    });
  }

  beforeAll(async () => {
    api = await startTestApi({ ingestEvents: true });
    events = new Queue(INGEST_EVENTS_QUEUE, { connection: api.redis, prefix: api.deps.workerQueuePrefix });
    const channel = await createChannel(801);
    channelId = channel.id;
    sourceIds = channel.sources.map((source) => source.id);
  }, 60_000);
  afterAll(async () => {
    for (const queue of [events, liveQueue(), probeQueue()]) await queue?.obliterate({ force: true });
    await events?.close();
    await api?.stop();
  });

  it('shows a fresh channel: sources, nothing on air, no live job, default thresholds, an empty timeline', async () => {
    const view = await health(channelId, 'SUPPORT');
    expect(view.channel.name).toBe('Live 801');
    expect(view.profileVersion).toMatchObject({ version: 3, profileCode: 'p-801' });
    expect(view.sources.map((s) => [s.priority, s.health, s.isOnAir, s.probe])).toEqual([
      [1, 'UNKNOWN', false, null],
      [2, 'UNKNOWN', false, null],
    ]);
    expect(view).toMatchObject({ onAir: null, lastFailoverAt: null, live: { record: null, queue: null } });
    expect(view.qcSettings).toMatchObject({ blackSeconds: 2, failoverAfterSeconds: 8 });
    expect(view.timeline).toEqual({ events: [], counts: {} });
  });

  it('shows what the worker wrote and a failover it queued as an event', async () => {
    const probe = {
      probedAt: new Date().toISOString(),
      ok: true,
      error: null,
      formatName: 'mpegts',
      video: { codec: 'h264', profile: 'High', width: 1920, height: 1080, fps: 25 },
      audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
      timestamps: { sampledSeconds: 5, packets: 400, discontinuities: 0 },
    };
    const failedAt = new Date(Date.now() - 60_000);
    await api.prisma.channelSource.update({
      where: { id: sourceIds[0] },
      data: { health: 'DOWN', lastError: 'Connection refused', probe: { nonsense: true } },
    });
    await api.prisma.channelSource.update({
      where: { id: sourceIds[1] },
      data: { health: 'HEALTHY', probe },
    });
    await api.prisma.channel.update({
      where: { id: channelId },
      data: { onAirSourceId: sourceIds[1], lastFailoverAt: failedAt },
    });
    const id = randomUUID();
    await emit({
      id,
      kind: 'failover',
      channelId,
      sourceId: sourceIds[1] ?? null,
      fromSourceId: sourceIds[0] ?? null,
      startedAt: failedAt.toISOString(),
      cause: 'primary ffmpeg exited: Connection refused',
      detail: { gapSeconds: 1.4 },
    });

    let view = await health();
    for (let tries = 0; tries < 100 && view.timeline?.events.length === 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = await health();
    }
    expect(view.timeline?.events).toEqual([
      expect.objectContaining({
        id,
        kind: 'failover',
        endedAt: null,
        cause: 'primary ffmpeg exited: Connection refused',
      }),
    ]);
    expect(view.timeline?.counts).toEqual({ failover: 1 });
    expect(view.onAir?.id).toBe(sourceIds[1]);
    expect(view.lastFailoverAt).toBe(failedAt.toISOString());
    expect(view.sources.map((s) => [s.health, s.isOnAir, s.lastError])).toEqual([
      ['DOWN', false, 'Connection refused'],
      ['HEALTHY', true, null],
    ]);
    // A stored probe that does not read as one is shown as none, not as garbage.
    expect(view.sources[0]?.probe).toBeNull();
    expect(view.sources[1]?.probe).toEqual(probe);
  });

  it('refuses a window longer than 7 days, naming from', async () => {
    const response = await api.trpc(
      'channels.health',
      { id: channelId, from: new Date(Date.now() - 8 * 86_400_000) },
      { role: 'NOC' },
    );
    expect(response.status).toBe(400);
    expect(response.body.error?.json.data.zodError?.fieldErrors.from).toBeDefined();
  });

  it('starts live ingest once: one job, one history row, one audit; a second start is refused', async () => {
    const started = await mutate('channels.live.start', { id: channelId });
    expect(started.status).toBe(200);
    const record = dataOf<{ id: string; state: string; kind: string }>(started);
    expect(record).toMatchObject({ state: 'QUEUED', kind: LIVE_KIND });
    const job = await liveQueue().getJob(liveJobId(channelId));
    expect(job?.data).toEqual({ channelId, jobRecordId: record.id });
    expect(job?.opts.attempts).toBe(1_000);
    expect(await job?.getState()).toBe('waiting');

    const again = await mutate('channels.live.start', { id: channelId }, 'CONTENT');
    expect(again.status).toBe(409);
    expect(again.body.error?.json.data.keten?.field).toBe('id');
    expect(again.body.error?.json.message).toMatch(/already queued/);
    expect(await liveQueue().getJobCounts('waiting', 'active', 'delayed')).toEqual({
      waiting: 1,
      active: 0,
      delayed: 0,
    });
    expect(await api.prisma.jobRecord.count({ where: { queue: LIVE_QUEUE, channelId } })).toBe(1);
    expect(
      await api.prisma.auditEntry.count({ where: { action: 'channel.live.start', entityId: channelId } }),
    ).toBe(1);

    const view = await health();
    expect(view.live).toMatchObject({
      record: { id: record.id, state: 'QUEUED' },
      queue: { state: 'waiting' },
    });
  });

  it('stop takes a waiting job off the queue and cancels its row; a second stop is refused', async () => {
    const stopped = await mutate('channels.live.stop', { id: channelId });
    expect(stopped.status).toBe(200);
    expect(dataOf(stopped)).toEqual({ outcome: 'removed', workersNotified: 0 });
    expect(await liveQueue().getJob(liveJobId(channelId))).toBeUndefined();
    const row = await api.prisma.jobRecord.findFirst({ where: { queue: LIVE_QUEUE, channelId } });
    expect(row).toMatchObject({ state: 'CANCELLED' });
    expect(
      await api.prisma.auditEntry.count({ where: { action: 'channel.live.stop', entityId: channelId } }),
    ).toBe(1);

    const again = await mutate('channels.live.stop', { id: channelId });
    expect(again.status).toBe(409);
    expect(again.body.error?.json.message).toMatch(/not running/);
  });

  it('stop asks the worker holding a running job to stop it, and leaves its row to that worker', async () => {
    const started = await mutate('channels.live.start', { id: channelId });
    expect(started.status).toBe(200);
    const record = dataOf<{ id: string }>(started);
    expect(await api.prisma.jobRecord.count({ where: { queue: LIVE_QUEUE, channelId } })).toBe(2);

    const heard: unknown[] = [];
    const subscriber = api.redis.duplicate();
    await subscriber.subscribe(jobCancelChannel(api.deps.workerQueuePrefix ?? 'keten'));
    subscriber.on('message', (_channel, message) => heard.push(JSON.parse(message)));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken: (job: Job) => void = () => undefined;
    const active = new Promise<Job>((resolve) => {
      taken = resolve;
    });
    const workerConnection = api.redis.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker(
      LIVE_QUEUE,
      async (job) => {
        taken(job);
        await held;
      },
      { connection: workerConnection, prefix: api.deps.workerQueuePrefix },
    );
    try {
      expect((await active).id).toBe(liveJobId(channelId));
      const stopped = await mutate('channels.live.stop', { id: channelId }, 'CONTENT');
      expect(stopped.status).toBe(200);
      expect(dataOf(stopped)).toEqual({ outcome: 'stop-requested', workersNotified: 1 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual([
        {
          queue: LIVE_QUEUE,
          jobId: liveJobId(channelId),
          reason: expect.stringMatching(/^stopped by content-/),
        },
      ]);
      expect(await api.prisma.jobRecord.findUnique({ where: { id: record.id } })).toMatchObject({
        state: 'QUEUED',
      });
      const restart = await mutate('channels.live.start', { id: channelId });
      expect(restart.body.error?.json.message).toMatch(/already running/);
    } finally {
      release();
      await worker.close();
      await workerConnection.quit();
      await subscriber.quit();
    }
  });

  it('refuses to go live without an enabled source or a pinned profile version', async () => {
    const disabled = await createChannel(802, { enabled: false });
    const unpinned = await createChannel(803, { pinned: false });
    const noSource = await mutate('channels.live.start', { id: disabled.id });
    expect(noSource.status).toBe(409);
    expect(noSource.body.error?.json.data.keten?.field).toBe('id');
    expect(noSource.body.error?.json.message).toMatch(/no enabled source/);
    const noProfile = await mutate('channels.live.start', { id: unpinned.id });
    expect(noProfile.status).toBe(409);
    expect(noProfile.body.error?.json.message).toMatch(/no encoding profile version pinned/);
    expect(
      await api.prisma.jobRecord.count({ where: { channelId: { in: [disabled.id, unpinned.id] } } }),
    ).toBe(0);
  });

  it('probes a source: a probe job with its history row and audit; an unknown source names sourceId', async () => {
    const response = await mutate('channels.sources.probe', { sourceId: sourceIds[0] }, 'CONTENT');
    expect(response.status).toBe(200);
    const record = dataOf<{ id: string; kind: string; state: string }>(response);
    expect(record).toMatchObject({ kind: PROBE_KIND, state: 'QUEUED' });
    const job = await probeQueue().getJob(record.id);
    expect(job?.data).toEqual({ sourceId: sourceIds[0], jobRecordId: record.id });
    expect(job?.opts.attempts).toBe(2);
    expect(
      await api.prisma.auditEntry.count({
        where: { action: 'channel.source.probe', entityId: sourceIds[0] },
      }),
    ).toBe(1);

    const unknown = await mutate('channels.sources.probe', { sourceId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.json.data.keten?.field).toBe('sourceId');
  });

  it('stores QC thresholds with an audit of before and after; a bad value is refused at its field', async () => {
    const bad = await mutate('channels.qc.update', { id: channelId, settings: { blackSeconds: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.json.data.zodError?.fieldErrors['settings.blackSeconds']).toBeDefined();
    expect((await health()).qcSettings.blackSeconds).toBe(2);

    const good = await mutate('channels.qc.update', {
      id: channelId,
      settings: { blackSeconds: 5, silenceDb: -45, failoverAfterSeconds: null },
    });
    expect(good.status).toBe(200);
    const view = await health();
    expect(view.qcSettings).toMatchObject({
      blackSeconds: 5,
      silenceDb: -45,
      failoverAfterSeconds: null,
      freezeSeconds: 2,
    });
    const [entry] = await api.prisma.auditEntry.findMany({
      where: { action: 'channel.qc.update', entityId: channelId },
    });
    expect(entry?.before).toMatchObject({ blackSeconds: 2, failoverAfterSeconds: 8 });
    expect(entry?.after).toMatchObject({ blackSeconds: 5, failoverAfterSeconds: null });
  });

  it('jobs.retry puts a cancelled live run back as the live job of its channel, and a failed probe as a probe job', async () => {
    const channel = await createChannel(804);
    const started = dataOf<{ id: string }>(await mutate('channels.live.start', { id: channel.id }));
    await mutate('channels.live.stop', { id: channel.id });
    const retried = await api.trpc('jobs.retry', { id: started.id }, { role: 'NOC', kind: 'mutation' });
    expect(retried.status).toBe(200);
    expect(dataOf(retried)).toMatchObject({ state: 'QUEUED', bullJobId: liveJobId(channel.id) });
    const job = await liveQueue().getJob(liveJobId(channel.id));
    expect(job?.data).toEqual({ channelId: channel.id, jobRecordId: started.id });
    expect(job?.opts.attempts).toBe(1_000);
    // While that run is queued, an older cancelled run of the channel cannot be put back beside it.
    const stopped = await mutate('channels.live.stop', { id: channel.id });
    expect(dataOf(stopped)).toMatchObject({ outcome: 'removed' });
    const second = dataOf<{ id: string }>(await mutate('channels.live.start', { id: channel.id }));
    const blocked = await api.trpc('jobs.retry', { id: started.id }, { role: 'NOC', kind: 'mutation' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error?.json.message).toMatch(/queued or running/);
    expect((await liveQueue().getJob(liveJobId(channel.id)))?.data.jobRecordId).toBe(second.id);

    const probe = dataOf<{ id: string }>(
      await mutate('channels.sources.probe', { sourceId: channel.sources[0]?.id }),
    );
    await (await probeQueue().getJob(probe.id))?.remove();
    await api.prisma.jobRecord.update({ where: { id: probe.id }, data: { state: 'FAILED' } });
    const again = await api.trpc('jobs.retry', { id: probe.id }, { role: 'NOC', kind: 'mutation' });
    expect(again.status).toBe(200);
    expect((await probeQueue().getJob(probe.id))?.data).toEqual({
      sourceId: channel.sources[0]?.id,
      jobRecordId: probe.id,
    });
  });

  it('refuses support and product operators every live action, but lets them read health', async () => {
    for (const [path, input] of [
      ['channels.live.start', { id: channelId }],
      ['channels.live.stop', { id: channelId }],
      ['channels.sources.probe', { sourceId: sourceIds[0] }],
      ['channels.qc.update', { id: channelId, settings: {} }],
    ] as const) {
      for (const role of ['SUPPORT', 'PRODUCT'] as const) {
        expect((await mutate(path, input, role)).status).toBe(403);
      }
    }
    expect((await api.trpc('channels.health', { id: channelId }, { role: 'PRODUCT' })).status).toBe(200);
  });
});
