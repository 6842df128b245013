import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseStoreError } from '../errors';
import { readSqlFile } from '../sql-file';
import { toClickHouseTime } from './clickhouse-time';
import {
  exitBeforeVideoStartRate,
  playbackFailureRate,
  rebufferingRatio,
  videoStartFailureRate,
} from './qoe-definitions';
import {
  type TQoeMinute,
  type TQoeMinuteRow,
  type TQoeMinuteSummaryInput,
  ZQoeMinuteRowSchema,
  ZQoeMinuteSummaryInputSchema,
} from './qoe-minute-summary.schema';

const qoeMinuteSummarySql = readSqlFile('qoe-minute-summary.sql', import.meta.url);

/** Per-minute QoE over [from, to) from qoe_minute_v2, optionally split by box model, firmware, channel, region. */
export async function qoeMinuteSummary(
  client: ClickHouseClient,
  input: TQoeMinuteSummaryInput,
): Promise<TQoeMinute[]> {
  const parsed = ZQoeMinuteSummaryInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    throw new ClickHouseStoreError('QOE_QUERY_INVALID', `${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  const { from, to, groupBy } = parsed.data;
  const result = await client.query({
    query: qoeMinuteSummarySql,
    format: 'JSONEachRow',
    query_params: {
      from: toClickHouseTime(from),
      to: toClickHouseTime(to),
      by_box_model: groupBy.includes('boxModel'),
      by_firmware: groupBy.includes('firmware'),
      by_channel_id: groupBy.includes('channelId'),
      by_region: groupBy.includes('region'),
    },
  });
  const rows = await result.json();
  return rows.map((row) => toMinute(parseRow(row), groupBy));
}

function parseRow(row: unknown): TQoeMinuteRow {
  const result = ZQoeMinuteRowSchema.safeParse(row);
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path.map(String).join('.') ?? '';
  throw new ClickHouseStoreError(
    'QOE_ROW_UNEXPECTED',
    `qoe_minute_v2 returned an unexpected ${field}`,
    field,
  );
}

function toMinute(row: TQoeMinuteRow, groupBy: readonly string[]): TQoeMinute {
  const dimension = (name: string, value: string) => (groupBy.includes(name) ? value : null);
  const [startP50, , startP95] = row.video_start_time_quantiles;
  const [zapP50, , zapP95] = row.zap_time_quantiles;
  return {
    minute: row.minute_iso,
    boxModel: dimension('boxModel', row.dim_box_model),
    firmware: dimension('firmware', row.dim_firmware),
    channelId: dimension('channelId', row.dim_channel_id),
    region: dimension('region', row.dim_region),
    attempts: row.attempts_total,
    firstFrames: row.first_frames_total,
    zaps: row.zaps_total,
    videoStartFailures: row.video_start_failures_total,
    exitsBeforeVideoStart: row.exits_before_video_start_total,
    playbackFailures: row.playback_failures_total,
    errors: row.errors_total,
    stallMs: row.stall_ms_total,
    playingMs: row.playing_ms_total,
    videoStartTimeP50: roundMs(startP50),
    videoStartTimeP95: roundMs(startP95),
    zapTimeP50: roundMs(zapP50),
    zapTimeP95: roundMs(zapP95),
    rebufferingRatio: rebufferingRatio(row.stall_ms_total, row.playing_ms_total),
    vsfRate: videoStartFailureRate(row.video_start_failures_total, row.attempts_total),
    ebvsRate: exitBeforeVideoStartRate(row.exits_before_video_start_total, row.attempts_total),
    vpfRate: playbackFailureRate(row.playback_failures_total, row.first_frames_total),
  };
}

function roundMs(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value);
}
