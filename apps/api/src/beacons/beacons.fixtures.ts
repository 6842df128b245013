import { randomUUID } from 'node:crypto';
import type { TBeaconEvent } from '@keten/contracts';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { TBeaconDevice } from './beacon-device';

export const TEST_DEVICE: TBeaconDevice = {
  deviceId: 'dev-test-1',
  subscriberId: 'sub-test-1',
  boxModel: 'KT-4K',
  firmware: '2.3.1',
  appVersion: '5.0.0',
  region: 'Utrecht',
};

/** One session's events: attempt, first_frame, then heartbeats, numbered from `firstSeq`. */
export function sessionEvents(
  channelId: string,
  count: number,
  sessionId: string = randomUUID(),
  firstSeq = 0,
) {
  const start = Date.now() - 60_000;
  return Array.from({ length: count }, (_, index): TBeaconEvent => {
    const base = { sessionId, seq: firstSeq + index, time: start + index * 10, channelId };
    if (firstSeq + index === 0) return { ...base, type: 'attempt' };
    if (firstSeq + index === 1) return { ...base, type: 'first_frame', startMs: 900 };
    return { ...base, type: 'heartbeat', playingMs: 10_000 };
  });
}

/**
 * chDB runs inside this process and cannot be stopped on its own, so an outage is faked at the one
 * boundary that matters: while `down`, inserts fail as a refused connection would; everything else is real.
 */
export function flakyClickHouse(clickhouse: TKetenClickHouse) {
  const state = { down: false, hold: null as Promise<void> | null };
  const client = new Proxy(clickhouse.client, {
    get(target, prop) {
      // Inserts go through exec (the spool's bytes are the body).
      if (prop === 'insert' || prop === 'exec') {
        return async (params: never) => {
          if (state.hold) await state.hold;
          if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:8123 (simulated outage)');
          return (target[prop] as (params: never) => Promise<unknown>).call(target, params);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { clickhouse: { ...clickhouse, client }, state };
}

export async function countStored(clickhouse: TKetenClickHouse, channelId: string, final = true) {
  const result = await clickhouse.client.query({
    query: `SELECT count() AS n FROM qoe_events_v1 ${final ? 'FINAL' : ''} WHERE channel_id = {channel:String}`,
    query_params: { channel: channelId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string | number }>();
  return Number(row?.n ?? 0);
}

export async function rollupCounts(clickhouse: TKetenClickHouse, channelId: string) {
  const result = await clickhouse.client.query({
    query:
      'SELECT sum(attempts) AS attempts, sum(first_frames) AS firstFrames, sum(playing_ms_sum) AS playingMs FROM qoe_minute_v2 WHERE channel_id = {channel:String}',
    query_params: { channel: channelId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<Record<string, string | number>>();
  return {
    attempts: Number(row?.attempts),
    firstFrames: Number(row?.firstFrames),
    playingMs: Number(row?.playingMs),
  };
}
