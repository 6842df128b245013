import { randomUUID } from 'node:crypto';
import { ZIngestEventSchema } from '@keten/contracts';
import { insertIngestEvents, insertQoeEvents, migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { createCallerFactory } from '../trpc/trpc';
import { qoeRouter } from './qoe.router';

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

const attempt = (channelId: string, boxModel: string, at: Date) => ({
  deviceId: `dev-${channelId}`,
  subscriberId: 'sub-1',
  boxModel,
  firmware: '1.0',
  region: 'north',
  channelId,
  sessionId: randomUUID(),
  seq: 0,
  eventTime: at,
  eventType: 'attempt' as const,
});

const finding = (channelId: string, kind: 'failover' | 'black', at: Date) =>
  ZIngestEventSchema.parse({
    id: randomUUID(),
    kind,
    channelId,
    sourceId: null,
    startedAt: at.toISOString(),
    cause: `${kind} on ${channelId}`,
  });

describe('qoe.annotations: ingest findings of the channels in view', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let named: string;
  const caller = (role: 'NOC' | 'SUPPORT' = 'NOC') => createCallerFactory(qoeRouter)(api.contextFor(role));
  const lastHour = { from: minutesAgo(60), to: NOW };
  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    const channel = await api.prisma.channel.create({
      data: { lcn: 901, name: 'Annotated One', slug: 'annotated-one', genre: 'NEWS', language: 'nl' },
    });
    named = channel.id;
    // Viewers on `named` (model A) and on `other` (model B); `silent` has findings but nobody watching.
    await insertQoeEvents(api.deps.clickhouse.client, [
      attempt(named, 'A', minutesAgo(30)),
      attempt('other', 'B', minutesAgo(20)),
    ]);
    await insertIngestEvents(api.deps.clickhouse.client, [
      finding(named, 'failover', minutesAgo(25)),
      finding('other', 'black', minutesAgo(15)),
      finding('silent', 'failover', minutesAgo(10)),
      finding(named, 'failover', minutesAgo(90)),
    ]);
  });
  afterAll(async () => api?.stop());

  it('draws the findings of channels with viewers in the range, oldest first, named', async () => {
    const { channelIds, events } = await caller().annotations(lastHour);
    expect(channelIds.sort()).toEqual([named, 'other'].sort());
    expect(events.map((event) => [event.channelName, event.kind])).toEqual([
      ['Annotated One', 'failover'],
      ['other', 'black'],
    ]);
  });

  it('follows the filters: a box model in view, or the filtered channels even without viewers', async () => {
    const byModel = await caller().annotations({ ...lastHour, filters: { boxModel: ['B'] } });
    expect(byModel.events.map((event) => event.channelId)).toEqual(['other']);
    const byChannel = await caller().annotations({ ...lastHour, filters: { channelId: ['silent'] } });
    expect(byChannel.events.map((event) => event.cause)).toEqual(['failover on silent']);
  });

  it('names channels for support too, and refuses an annotation read by support', async () => {
    expect(await caller('SUPPORT').channelNames({ ids: [named, 'nope'] })).toEqual([
      { id: named, name: 'Annotated One', lcn: 901 },
    ]);
    await expect(caller('SUPPORT').annotations(lastHour)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('names a firmware version with its box model, and leaves a version two models share bare', async () => {
    const model = (code: string, name: string, versions: string[]) =>
      api.prisma.boxModel.create({
        data: {
          code,
          vendor: 'Kaon',
          name,
          videoCodecs: ['H264'],
          maxH264Profile: 'high',
          maxH264Level: '4.1',
          maxWidth: 1920,
          maxHeight: 1080,
          maxFps: 50,
          firmwareVersions: {
            create: versions.map((version) => ({ version, releasedAt: new Date('2026-01-01T00:00:00Z') })),
          },
        },
      });
    await model('kaon-a', 'KSTB6077', ['2.4.1', '9.9.9']);
    await model('kaon-b', 'KSTB7000', ['9.9.9']);
    expect(await caller('SUPPORT').firmwareModels({ versions: ['2.4.1', '9.9.9', 'nope', '2.4.1'] })).toEqual(
      [
        {
          version: '2.4.1',
          models: [{ code: 'kaon-a', name: 'Kaon KSTB6077' }],
          label: 'Kaon KSTB6077 · 2.4.1',
        },
        {
          version: '9.9.9',
          models: [
            { code: 'kaon-a', name: 'Kaon KSTB6077' },
            { code: 'kaon-b', name: 'Kaon KSTB7000' },
          ],
          label: '9.9.9',
        },
        { version: 'nope', models: [], label: 'nope' },
      ],
    );
  });
});
