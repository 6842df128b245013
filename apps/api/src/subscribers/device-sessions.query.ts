import { readFileSync } from 'node:fs';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import { z } from 'zod';

const deviceSessionsSql = readFileSync(new URL('device-sessions.sql', import.meta.url), 'utf8').trim();

const ZSessionRowSchema = z.object({
  session_id: z.string(),
  session_device_id: z.string(),
  session_channel_id: z.string(),
  session_started_at: z.string(),
  session_started: z.union([z.boolean(), z.number()]).transform(Boolean),
  session_start_ms: z.coerce.number(),
  session_stall_ms: z.coerce.number(),
  session_playing_ms: z.coerce.number(),
  session_error_codes: z.string(),
});

export interface TDeviceSession {
  sessionId: string;
  deviceId: string;
  channelId: string;
  startedAt: Date;
  /** A first frame was shown. */
  started: boolean;
  videoStartMs: number | null;
  stallMs: number;
  playingMs: number;
  errorCodes: string[];
}

/** ClickHouse wants "YYYY-MM-DD hh:mm:ss.sss" in UTC for DateTime64 parameters. */
const chTime = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

/** The latest playback sessions of these boxes in the QoE store (empty when they reported none). */
export async function deviceSessions(
  client: TKetenClickHouse['client'],
  input: { deviceIds: string[]; since: Date; limit?: number },
): Promise<TDeviceSession[]> {
  if (input.deviceIds.length === 0) return [];
  const result = await client.query({
    query: deviceSessionsSql,
    format: 'JSONEachRow',
    query_params: { device_ids: input.deviceIds, since: chTime(input.since), limit: input.limit ?? 20 },
  });
  const rows = z.array(ZSessionRowSchema).parse(await result.json());
  return rows.map((row) => ({
    sessionId: row.session_id,
    deviceId: row.session_device_id,
    channelId: row.session_channel_id,
    startedAt: new Date(row.session_started_at),
    started: row.session_started,
    videoStartMs: row.session_started ? row.session_start_ms : null,
    stallMs: row.session_stall_ms,
    playingMs: row.session_playing_ms,
    errorCodes: row.session_error_codes ? row.session_error_codes.split(',') : [],
  }));
}
