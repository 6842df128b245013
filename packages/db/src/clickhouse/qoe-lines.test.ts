import { randomUUID } from 'node:crypto';
import type { TBeaconDevice, TBeaconEvent } from '@keten/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { isRowRefusal } from './insert-refusal';
import { migrateClickHouse } from './migrate/migrate';
import { insertQoeEventLines, QOE_PARTITIONS_PER_INSERT } from './qoe/insert-qoe-lines';
import { beaconLineEncoder, encodeQoeEventLine, qoeEventFromBeacon } from './qoe/qoe-event-line';
import { createTestClickHouse, queryRows } from './test-support';

const ch = createTestClickHouse();
afterAll(() => ch.dispose());

async function migrated(database: string) {
  const client = await ch.open(database);
  await migrateClickHouse(client);
  return client;
}

const device: TBeaconDevice = {
  deviceId: 'dev-1',
  subscriberId: 'sub-1',
  boxModel: 'KT-4K',
  firmware: '2.3.1',
  appVersion: null,
  region: 'Utrecht',
};
const DAY = 86_400_000;
// Future days: the table's 90-day TTL would drop older ones at once.
const soon = Math.floor(Date.now() / DAY) * DAY + DAY;

/** `count` heartbeat rows of one channel as spool lines, `spacing` ms apart from `start`. */
function lines(channelId: string, count: number, start = soon, spacing = 1000): string[] {
  const sessionId = randomUUID();
  return Array.from({ length: count }, (_, seq) =>
    encodeQoeEventLine(
      qoeEventFromBeacon(
        device,
        { type: 'heartbeat', sessionId, seq, time: start + seq * spacing, channelId, playingMs: 10_000 },
        start,
      ),
    ),
  );
}
const text = (rows: string[]) => `${rows.join('\n')}\n`;

async function stored(client: Awaited<ReturnType<typeof migrated>>, channelId: string) {
  const [row] = await queryRows(
    client,
    `SELECT count() AS n, uniqExact(toDate(event_time)) AS days FROM qoe_events_v1 WHERE channel_id = '${channelId}'`,
  );
  return { rows: Number(row?.n), days: Number(row?.days) };
}

describe('insertQoeEventLines', () => {
  it('stores every row but a lone surrogate and a torn line, and names the store’s reason for each', async () => {
    const client = await migrated('lines_poison');
    const rows = lines('ch-poison', 40);
    const surrogate = (rows[17] as string).replace('"channel_id":"ch-poison"', '"channel_id":"\\uD800"');
    const torn = (rows[30] as string).slice(0, 40);
    rows[17] = surrogate;
    rows[30] = torn;

    const outcome = await insertQoeEventLines(client, text(rows));
    expect(outcome.storeError).toBeNull();
    expect(outcome.pending).toEqual([]);
    expect(outcome.stored).toBe(38);
    expect(outcome.refused.map((refusal) => [refusal.line, refusal.error.code])).toEqual([
      [surrogate, 'CANNOT_PARSE_ESCAPE_SEQUENCE'],
      [torn, 'CANNOT_PARSE_QUOTED_STRING'],
    ]);
    expect(outcome.refused[0]?.error).toMatchObject({ clickhouseCode: 25 });
    expect(await stored(client, 'ch-poison')).toEqual({ rows: 38, days: 1 });
  });

  it(`splits rows over more than ${QOE_PARTITIONS_PER_INSERT} days into inserts the store takes`, async () => {
    const client = await migrated('lines_partitions');
    const rows = lines('ch-days', 150, soon, DAY);
    const outcome = await insertQoeEventLines(client, text(rows));
    expect(outcome).toMatchObject({ stored: 150, refused: [], pending: [], storeError: null });
    expect(await stored(client, 'ch-days')).toEqual({ rows: 150, days: 150 });
  });

  it('refuses a row outside the time range the table holds, storing the rest', async () => {
    const client = await migrated('lines_range');
    const rows = lines('ch-range', 5);
    rows[2] = (rows[2] as string).replace(/"event_time":"\d{4}/, '"event_time":"2100');
    const outcome = await insertQoeEventLines(client, text(rows));
    expect(outcome.stored).toBe(4);
    expect(outcome.refused).toEqual([
      {
        line: rows[2],
        error: { code: 'QOE_EVENT_TIME_OUT_OF_RANGE', message: expect.stringContaining('2100-') },
      },
    ]);
    expect((await stored(client, 'ch-range')).rows).toBe(4);
  });

  it('hands every row back as pending, refusing none, while the store fails (here: the table is missing)', async () => {
    const client = await migrated('lines_unwell');
    await client.command({ query: 'RENAME TABLE qoe_events_v1 TO qoe_events_v1_away' });
    const rows = lines('ch-unwell', 30);
    const outcome = await insertQoeEventLines(client, text(rows));
    expect(outcome).toMatchObject({ stored: 0, refused: [], pending: rows });
    expect(outcome.storeError).toMatchObject({ type: 'UNKNOWN_TABLE' });

    await client.command({ query: 'RENAME TABLE qoe_events_v1_away TO qoe_events_v1' });
    expect(await insertQoeEventLines(client, text(outcome.pending))).toMatchObject({
      stored: 30,
      refused: [],
    });
  });

  it('writes every field of every beacon event type into its column', async () => {
    const client = await migrated('lines_columns');
    const sessionId = randomUUID();
    const base = { sessionId, time: soon + 123, channelId: 'ch-cols', cdnEdge: 'edge-1', isp: 'ispx' };
    const events: TBeaconEvent[] = [
      { ...base, seq: 0, type: 'attempt', appVersion: '9.9', bitrateKbps: 3500 },
      { ...base, seq: 1, type: 'first_frame', startMs: 900 },
      { ...base, seq: 2, type: 'zap', zapMs: 1200 },
      { ...base, seq: 3, type: 'stall_start' },
      { ...base, seq: 4, type: 'stall_end', stallMs: 700 },
      { ...base, seq: 5, type: 'heartbeat', playingMs: 10_000 },
      {
        ...base,
        seq: 6,
        type: 'error',
        errorCode: 'NET_X',
        errorLayer: 'network',
        fatal: true,
        beforeFirstFrame: true,
      },
      { ...base, seq: 7, type: 'end', playingMs: 5, fatal: true },
    ];
    const encoded = events.map((event) => encodeQoeEventLine(qoeEventFromBeacon(device, event, soon + 999)));
    expect(await insertQoeEventLines(client, text(encoded))).toMatchObject({ stored: 8 });
    const rows = await queryRows(
      client,
      `SELECT * EXCEPT (session_id) FROM qoe_events_v1 WHERE session_id = '${sessionId}' ORDER BY seq`,
    );
    const time = new Date(soon + 123).toISOString().replace('T', ' ').replace('Z', '');
    expect(rows[0]).toEqual({
      event_time: time,
      received_at: new Date(soon + 999).toISOString().replace('T', ' ').replace('Z', ''),
      event_type: 'attempt',
      seq: 0,
      device_id: 'dev-1',
      subscriber_id: 'sub-1',
      box_model: 'KT-4K',
      firmware: '2.3.1',
      app_version: '9.9',
      channel_id: 'ch-cols',
      package_code: '',
      region: 'Utrecht',
      cdn_edge: 'edge-1',
      isp: 'ispx',
      before_first_frame: false,
      fatal: false,
      start_ms: 0,
      zap_ms: 0,
      stall_ms: 0,
      playing_ms: 0,
      bitrate_kbps: 3500,
      error_code: '',
      error_layer: '',
    });
    expect(
      rows.map((row) => [row.event_type, row.start_ms, row.zap_ms, row.stall_ms, row.playing_ms]),
    ).toEqual([
      ['attempt', 0, 0, 0, 0],
      ['first_frame', 900, 0, 0, 0],
      ['zap', 0, 1200, 0, 0],
      ['stall_start', 0, 0, 0, 0],
      ['stall_end', 0, 0, 700, 0],
      ['heartbeat', 0, 0, 0, 10_000],
      ['error', 0, 0, 0, 0],
      ['end', 0, 0, 0, 5],
    ]);
    expect(rows[6]).toMatchObject({
      error_code: 'NET_X',
      error_layer: 'network',
      fatal: true,
      before_first_frame: true,
    });
    expect(rows[7]).toMatchObject({ fatal: true, before_first_frame: false, app_version: '' });
  });
});

describe('beaconLineEncoder', () => {
  it('writes exactly what encodeQoeEventLine writes for the same beacon, for every event type', () => {
    const sessionId = randomUUID();
    const full = {
      sessionId,
      time: soon + 7,
      channelId: 'ch "q"',
      appVersion: '1.0',
      cdnEdge: 'e',
      isp: 'i',
      bitrateKbps: 9,
      beforeFirstFrame: true,
    };
    const bare = { sessionId, time: soon + 7, channelId: 'ch' };
    const events: TBeaconEvent[] = [full, bare].flatMap((base, seq): TBeaconEvent[] => [
      { ...base, seq, type: 'attempt' },
      { ...base, seq, type: 'first_frame', startMs: 900 },
      { ...base, seq, type: 'zap', zapMs: 0 },
      { ...base, seq, type: 'stall_start' },
      { ...base, seq, type: 'stall_end', stallMs: 700 },
      { ...base, seq, type: 'heartbeat', playingMs: 10_000 },
      { ...base, seq, type: 'error', errorCode: 'NET_X', errorLayer: 'network', fatal: seq === 0 },
      { ...base, seq, type: 'end', playingMs: 5, fatal: true },
      { ...base, seq, type: 'end', playingMs: 5 },
    ]);
    for (const who of [device, { ...device, firmware: null, appVersion: '3.1', region: null }]) {
      const encode = beaconLineEncoder(who, soon + 999);
      for (const event of events) {
        expect(encode(event), `${event.type} ${JSON.stringify(event)}`).toBe(
          encodeQoeEventLine(qoeEventFromBeacon(who, event, soon + 999)),
        );
      }
    }
  });
});

describe('isRowRefusal', () => {
  const exception = (code: number, type: string, message: string) =>
    Object.assign(new Error(message), { code: String(code), type });

  it('tells rows the store refuses from a store that is unwell', () => {
    expect(isRowRefusal(exception(25, 'CANNOT_PARSE_ESCAPE_SEQUENCE', 'Cannot parse escape sequence'))).toBe(
      true,
    );
    expect(
      isRowRefusal(
        exception(252, 'TOO_MANY_PARTS', 'Too many partitions for single INSERT block (more than 100).'),
      ),
    ).toBe(true);
    expect(
      isRowRefusal(exception(252, 'TOO_MANY_PARTS', 'Too many parts (3001). Merges are processing slowly')),
    ).toBe(false);
    expect(isRowRefusal(exception(241, 'MEMORY_LIMIT_EXCEEDED', 'Memory limit exceeded'))).toBe(false);
    expect(isRowRefusal(exception(60, 'UNKNOWN_TABLE', 'Table qoe_events_v1 does not exist'))).toBe(false);
    expect(isRowRefusal(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      false,
    );
    expect(isRowRefusal('socket hang up')).toBe(false);
  });
});
