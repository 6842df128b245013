import { randomUUID } from 'node:crypto';
import type { TIngestEventInput } from '@keten/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { channelIngestCounts, channelIngestTimeline } from './ingest/channel-ingest-timeline';
import { insertIngestEvents } from './ingest/insert-ingest-events';
import { migrateClickHouse } from './migrate/migrate';
import { createTestClickHouse, queryRows } from './test-support';

const ch = createTestClickHouse();
afterAll(() => ch.dispose());

async function migrated(database: string) {
  const client = await ch.open(database);
  await migrateClickHouse(client);
  return client;
}

const now = Date.now();
const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const window = (hours = 6) => ({ from: new Date(now - hours * 3_600_000), to: new Date(now + 60_000) });

function event(extra: Partial<TIngestEventInput>): TIngestEventInput {
  return {
    id: randomUUID(),
    kind: 'black',
    channelId: 'ch-1',
    sourceId: 'src-a',
    startedAt: minutesAgo(10),
    ...extra,
  };
}

describe('ingest events', () => {
  it('reads the start and the end of a finding back as one finding with its end', async () => {
    const client = await migrated('ingest_start_end');
    const id = randomUUID();
    const start = event({
      id,
      kind: 'freeze',
      startedAt: minutesAgo(10),
      cause: 'frozen',
      detail: { db: -60 },
    });
    await insertIngestEvents(client, [start]);
    await insertIngestEvents(client, [
      { ...start, endedAt: minutesAgo(9), detail: { db: -60, seconds: 60 } },
    ]);

    const timeline = await channelIngestTimeline(client, { channelId: 'ch-1', ...window() });
    expect(timeline).toEqual([
      {
        id,
        kind: 'freeze',
        channelId: 'ch-1',
        sourceId: 'src-a',
        fromSourceId: null,
        startedAt: minutesAgo(10),
        endedAt: minutesAgo(9),
        cause: 'frozen',
        detail: { db: -60, seconds: 60 },
        recordedAt: expect.any(String),
      },
    ]);
    const [raw] = await queryRows(client, 'SELECT count() AS n FROM ingest_events_v1');
    expect(Number(raw?.n)).toBe(2);
    expect(await channelIngestCounts(client, { channelId: 'ch-1', ...window() })).toEqual({ freeze: 1 });

    // A retried start stored after the end does not reopen the finding, even once the parts merge.
    await insertIngestEvents(client, [start]);
    await client.command({ query: 'OPTIMIZE TABLE ingest_events_v1 FINAL' });
    const [after] = await channelIngestTimeline(client, { channelId: 'ch-1', ...window() });
    expect(after?.endedAt).toBe(minutesAgo(9));
    const [merged] = await queryRows(client, 'SELECT count() AS n FROM ingest_events_v1 FINAL');
    expect(Number(merged?.n)).toBe(1);
  });

  it('lists newest first, only that channel and window, up to the limit', async () => {
    const client = await migrated('ingest_window');
    const failover = event({
      kind: 'failover',
      startedAt: minutesAgo(5),
      sourceId: 'src-b',
      fromSourceId: 'src-a',
      cause: 'primary ffmpeg exited: Connection refused',
      detail: { gapSeconds: 1.2 },
    });
    const back = event({
      kind: 'return',
      startedAt: minutesAgo(2),
      sourceId: 'src-a',
      fromSourceId: 'src-b',
    });
    const old = event({ kind: 'source_down', startedAt: minutesAgo(8 * 60) });
    const other = event({ channelId: 'ch-2', startedAt: minutesAgo(3) });
    // Started before the window and still going: shown, since it lasts into it.
    const lasting = event({ kind: 'silence', startedAt: minutesAgo(7 * 60) });
    await insertIngestEvents(client, [failover, back, old, other, lasting]);

    const timeline = await channelIngestTimeline(client, { channelId: 'ch-1', ...window() });
    expect(timeline.map((e) => [e.kind, e.sourceId, e.fromSourceId])).toEqual([
      ['return', 'src-a', 'src-b'],
      ['failover', 'src-b', 'src-a'],
      ['silence', 'src-a', null],
    ]);
    expect(timeline[1]?.detail).toEqual({ gapSeconds: 1.2 });
    expect(timeline[1]?.cause).toBe('primary ffmpeg exited: Connection refused');
    const limited = await channelIngestTimeline(client, { channelId: 'ch-1', ...window(), limit: 1 });
    expect(limited.map((e) => e.kind)).toEqual(['return']);
    expect(await channelIngestCounts(client, { channelId: 'ch-1', ...window() })).toEqual({
      failover: 1,
      return: 1,
    });
  });

  it('refuses a malformed event naming it, and writes nothing of the call', async () => {
    const client = await migrated('ingest_invalid');
    const good = event({});
    const bad = { ...event({}), startedAt: 'yesterday' };
    await expect(insertIngestEvents(client, [good, bad])).rejects.toMatchObject({
      code: 'INGEST_EVENT_INVALID',
      field: 'events[1].startedAt',
    });
    const [raw] = await queryRows(client, 'SELECT count() AS n FROM ingest_events_v1');
    expect(Number(raw?.n)).toBe(0);
  });

  it('refuses a window that ends before it starts', async () => {
    const client = await migrated('ingest_query_invalid');
    await expect(
      channelIngestTimeline(client, { channelId: 'ch-1', from: new Date(now), to: new Date(now - 1) }),
    ).rejects.toMatchObject({ code: 'INGEST_QUERY_INVALID', field: 'to' });
  });
});
