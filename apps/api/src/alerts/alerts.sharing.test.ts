import {
  encodeDeliveryLine,
  insertDeliveryLines,
  insertQoeEvents,
  migrateClickHouse,
  type TDeliveryRecord,
} from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { createCallerFactory } from '../trpc/trpc';
import { evaluateAlerts } from './alerts.evaluate';
import { alertsRouter } from './alerts.router';

// A clean hour boundary an hour ago: the fixture's minutes lie wholly in the past.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;

describe('sharing and restreaming signals as alert rules (fleet-wide, real chDB)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const caller = () => createCallerFactory(alertsRouter)(api.contextFor('NOC'));

  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    const shared = await api.prisma.subscriber.create({
      data: {
        accountNumber: `S-${Date.now()}`,
        name: 'Shared account',
        region: 'Utrecht',
        maxConcurrentStreams: 1,
      },
    });
    const base = (over: Partial<TDeliveryRecord>): TDeliveryRecord => ({
      time: T0,
      source: 'origin',
      edgeId: '',
      cacheStatus: 'ORIGIN',
      deviceId: 'box-restream',
      subscriberId: shared.id,
      sessionId: '',
      channelId: 'npo-1',
      contentId: '',
      kind: 'live',
      object: 'segment',
      rendition: 'v0',
      path: 'v0/seg.ts',
      status: 200,
      errorCode: '',
      bytes: 100_000,
      ttfbMs: 2,
      durationMs: 5,
      clientIp: '203.0.113.1',
      bitrateKbps: 0,
      ...over,
    });
    const records: TDeliveryRecord[] = [];
    // One restreaming box: 5 minutes of three renditions at once, from 4 addresses, with no CMCD session.
    for (let second = 0; second < 300; second += 2) {
      for (const rendition of ['v0', 'v1', 'v2']) {
        records.push(
          base({ time: T0 + second * 1000, rendition, clientIp: `203.0.113.${((second / 2) % 4) + 1}` }),
        );
      }
    }
    // Two boxes of the same account (limit 1) fetching playlists in the same minute.
    records.push(base({ time: T0, object: 'playlist', path: 'v0/index.m3u8' }));
    records.push(
      base({ time: T0 + 1000, object: 'playlist', deviceId: 'box-second', path: 'v0/index.m3u8' }),
    );
    // Ten quiet boxes: one rendition, one address each, every segment in a session that sent beacons.
    for (let box = 0; box < 10; box += 1) {
      for (let second = 0; second < 300; second += 2) {
        records.push(
          base({
            time: T0 + second * 1000,
            deviceId: `box-quiet-${box}`,
            subscriberId: '',
            sessionId: `quiet-${box}`,
            clientIp: `192.0.2.${box + 10}`,
          }),
        );
      }
    }
    const outcome = await insertDeliveryLines(
      api.deps.clickhouse.client,
      records.map((record) => encodeDeliveryLine(record, T0 + 600_000)).join(''),
    );
    expect(outcome.refused).toEqual([]);
    await insertQoeEvents(
      api.deps.clickhouse.client,
      Array.from({ length: 10 }, (_, box) => ({
        deviceId: `box-quiet-${box}`,
        sessionId: `quiet-${box}`,
        seq: 0,
        eventType: 'attempt' as const,
        eventTime: T0,
      })),
    );
  }, 120_000);
  afterAll(async () => api?.stop());

  it('each signal is a metric that fires on the boxes showing it, in words, and stays quiet on a clean window', async () => {
    const rule = (metric: string) =>
      caller().rules.create({
        name: `Sharing ${metric}`,
        source: 'SHARING',
        metric,
        comparator: 'GTE',
        threshold: 1,
        windowSeconds: 900,
        minSamples: 5,
        severity: 'WARNING',
      });
    for (const metric of [
      'boxesManyAddresses',
      'accountsOverLimit',
      'boxesParallelRenditions',
      'boxesWithoutBeacons',
    ])
      await rule(metric);
    // A rule on a source's dimension it does not have is refused, naming the field.
    await expect(
      caller().rules.create({
        name: 'Sharing per firmware',
        source: 'SHARING',
        metric: 'boxesManyAddresses',
        comparator: 'GTE',
        threshold: 1,
        windowSeconds: 900,
        groupBy: 'firmware',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('groupBy') });

    const report = await evaluateAlerts(
      {
        prisma: api.prisma,
        clickhouse: api.deps.clickhouse,
        redis: api.redis,
        queuePrefix: api.deps.workerQueuePrefix,
      },
      new Date(T0 + 10 * 60_000),
    );
    expect(report.failedRules).toEqual([]);
    expect(report.fired).toBe(4);
    const firing = await caller().list({ states: ['FIRING'] });
    const messages = Object.fromEntries(firing.map((alert) => [alert.rule.metric, alert.message]));
    expect(messages).toEqual({
      boxesManyAddresses: expect.stringMatching(/boxes fetching from 3 or more addresses 1 \(≥ 1\)/),
      accountsOverLimit: expect.stringMatching(/accounts above their stream limit 1 \(≥ 1\)/),
      boxesParallelRenditions: expect.stringMatching(/boxes pulling renditions in parallel 1 \(≥ 1\)/),
      boxesWithoutBeacons: expect.stringMatching(/boxes fetching segments without QoE beacons 1 \(≥ 1\)/),
    });
    // The sample is the boxes that fetched media: 1 restreamer, its second box, 10 quiet ones.
    expect(firing.map((alert) => alert.samples)).toEqual([12, 12, 12, 12]);

    // An hour later the window holds nothing: too few samples, every alert resolves.
    const later = await evaluateAlerts(
      {
        prisma: api.prisma,
        clickhouse: api.deps.clickhouse,
        redis: api.redis,
        queuePrefix: api.deps.workerQueuePrefix,
      },
      new Date(T0 + 70 * 60_000),
    );
    expect(later.resolved).toBe(4);
  }, 120_000);
});
