import type { ClickHouseClient } from '@clickhouse/client';
import type { TQoeEndReason } from '@keten/contracts';
import { z } from 'zod';
import { toClickHouseTime } from '../qoe/clickhouse-time';
import { qoeSql, queryQoeRows } from './qoe-sql';

const sessionsSql = qoeSql('qoe-sessions.sql');

const zCount = z.number().int().nonnegative();
const ZSessionRowSchema = z.object({
  session_id: z.string(),
  session_device_id: z.string(),
  session_channel_id: z.string(),
  session_box_model: z.string(),
  session_firmware: z.string(),
  session_app_version: z.string(),
  session_cdn_edge: z.string(),
  started_ms: z.number().int(),
  last_event_ms: z.number().int(),
  played: z.boolean(),
  start_ms_n: zCount,
  zapped: z.boolean(),
  zap_ms_n: zCount,
  stalls_n: zCount,
  stall_ms_n: zCount,
  playing_ms_n: zCount,
  errors_list: z.array(z.tuple([z.number().int(), z.string(), z.string(), z.boolean(), z.boolean()])),
  ended: z.boolean(),
  failed: z.boolean(),
});

export interface TQoeSessionError {
  at: string;
  code: string;
  layer: string;
  fatal: boolean;
  beforeFirstFrame: boolean;
}

export interface TQoeSession {
  sessionId: string;
  deviceId: string;
  channelId: string;
  boxModel: string;
  firmware: string;
  appVersion: string;
  cdnEdge: string;
  startedAt: string;
  lastEventAt: string;
  /** Attempt → first frame; null when it never showed one. */
  videoStartTimeMs: number | null;
  /** Key press → first frame when the session began with a channel change. */
  zapTimeMs: number | null;
  stalls: number;
  stallMs: number;
  playingMs: number;
  errors: TQoeSessionError[];
  endReason: TQoeEndReason;
}

export interface TQoeSessionsQuery {
  deviceId?: string | undefined;
  subscriberId?: string | undefined;
  from: Date;
  to: Date;
  limit: number;
  /** A session without an end event whose last event is newer than this is still playing. */
  now?: Date;
}

// Heartbeats come at least every 60 s while playing: two minutes of silence means the box stopped reporting.
const PLAYING_SILENCE_MS = 120_000;
// A session followed within this long by a zap-started one on the same box was left by that zap.
const ZAP_GAP_MS = 10_000;

/** Sessions of a box or a subscriber's boxes that started in [from, to), newest first, with their end reason. */
export async function readQoeSessions(
  client: ClickHouseClient,
  query: TQoeSessionsQuery,
): Promise<TQoeSession[]> {
  const rows = await queryQoeRows(
    client,
    sessionsSql,
    {
      from: toClickHouseTime(query.from),
      to: toClickHouseTime(query.to),
      device_id: query.deviceId ?? '',
      subscriber_id: query.subscriberId ?? '',
      limit: query.limit,
    },
    ZSessionRowSchema,
  );
  const now = (query.now ?? new Date()).getTime();
  // Newest first: the session after row i on the same box is the nearest earlier index with that box.
  const nextOnBox = new Map<string, (typeof rows)[number]>();
  const sessions: TQoeSession[] = [];
  for (const row of rows) {
    const next = nextOnBox.get(row.session_device_id);
    nextOnBox.set(row.session_device_id, row);
    sessions.push({
      sessionId: row.session_id,
      deviceId: row.session_device_id,
      channelId: row.session_channel_id,
      boxModel: row.session_box_model,
      firmware: row.session_firmware,
      appVersion: row.session_app_version,
      cdnEdge: row.session_cdn_edge,
      startedAt: new Date(row.started_ms).toISOString(),
      lastEventAt: new Date(row.last_event_ms).toISOString(),
      videoStartTimeMs: row.played ? row.start_ms_n : null,
      zapTimeMs: row.zapped ? row.zap_ms_n : null,
      stalls: row.stalls_n,
      stallMs: row.stall_ms_n,
      playingMs: row.playing_ms_n,
      errors: row.errors_list.map(([at, code, layer, fatal, beforeFirstFrame]) => ({
        at: new Date(at).toISOString(),
        code,
        layer,
        fatal,
        beforeFirstFrame,
      })),
      endReason: endReasonOf(row, next, now),
    });
  }
  return sessions;
}

type TSessionRow = z.output<typeof ZSessionRowSchema>;

function endReasonOf(row: TSessionRow, next: TSessionRow | undefined, now: number): TQoeEndReason {
  if (row.failed) return 'error';
  if (row.ended && !row.played) return 'exit_before_start';
  const leftByZap = next?.zapped === true && next.started_ms - row.last_event_ms <= ZAP_GAP_MS;
  if (leftByZap) return 'zap';
  if (row.ended) return 'stopped';
  return now - row.last_event_ms < PLAYING_SILENCE_MS ? 'playing' : 'no_end_reported';
}
