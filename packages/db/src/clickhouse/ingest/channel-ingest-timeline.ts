import type { ClickHouseClient } from '@clickhouse/client';
import type { TIngestEventKind } from '@keten/contracts';
import type { z } from 'zod';
import { ClickHouseStoreError } from '../errors';
import { toClickHouseTime } from '../qoe/clickhouse-time';
import { readSqlFile } from '../sql-file';
import {
  type TChannelIngestTimelineInput,
  type TIngestTimelineEvent,
  ZChannelIngestTimelineInputSchema,
  ZIngestCountRowSchema,
  ZIngestTimelineRowSchema,
} from './ingest-event-row.schema';

const timelineSql = readSqlFile('channel-ingest-timeline.sql', import.meta.url);
const countsSql = readSqlFile('channel-ingest-counts.sql', import.meta.url);

/** A channel's findings overlapping [from, to), newest first, each as its latest copy (start + end = one). */
export async function channelIngestTimeline(
  client: ClickHouseClient,
  input: TChannelIngestTimelineInput,
): Promise<TIngestTimelineEvent[]> {
  const { channelId, ...window } = input;
  return channelsIngestTimeline(client, { ...window, channelIds: [channelId] });
}

/** Several channels' findings in one query: at most `limit` per channel, newest first within each channel. */
export async function channelsIngestTimeline(
  client: ClickHouseClient,
  input: Omit<TChannelIngestTimelineInput, 'channelId'> & { channelIds: readonly string[] },
): Promise<TIngestTimelineEvent[]> {
  const { channelIds, ...rest } = input;
  if (channelIds.length === 0) return [];
  const checked = channelIds.map((channelId) => parseInput({ ...rest, channelId }));
  const { from, to, limit } = checked[0] as (typeof checked)[number];
  const result = await client.query({
    query: timelineSql,
    format: 'JSONEachRow',
    query_params: {
      channel_ids: checked.map((c) => c.channelId),
      from: toClickHouseTime(from),
      to: toClickHouseTime(to),
      limit,
    },
  });
  const rows = await result.json();
  return rows.map((row) => {
    const parsed = parseRow(ZIngestTimelineRowSchema, row);
    return {
      id: parsed.id,
      kind: parsed.kind_latest,
      channelId: parsed.channel,
      sourceId: parsed.source_latest,
      fromSourceId: parsed.from_source_latest,
      startedAt: parsed.started_text,
      endedAt: parsed.ended_text,
      cause: parsed.cause_latest,
      detail: parsed.detail_latest,
      recordedAt: parsed.recorded_text,
    };
  });
}

/** How many findings of each kind started in [from, to) (kinds without any are absent). */
export async function channelIngestCounts(
  client: ClickHouseClient,
  input: Omit<TChannelIngestTimelineInput, 'limit'>,
): Promise<Partial<Record<TIngestEventKind, number>>> {
  const { channelId, from, to } = parseInput(input);
  const result = await client.query({
    query: countsSql,
    format: 'JSONEachRow',
    query_params: { channel_id: channelId, from: toClickHouseTime(from), to: toClickHouseTime(to) },
  });
  const counts: Partial<Record<TIngestEventKind, number>> = {};
  for (const row of await result.json()) {
    const parsed = parseRow(ZIngestCountRowSchema, row);
    counts[parsed.kind] = parsed.findings;
  }
  return counts;
}

function parseInput(input: TChannelIngestTimelineInput) {
  const parsed = ZChannelIngestTimelineInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new ClickHouseStoreError('INGEST_QUERY_INVALID', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

function parseRow<T extends z.ZodType>(schema: T, row: unknown): z.output<T> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path.map(String).join('.') ?? '';
  throw new ClickHouseStoreError(
    'INGEST_ROW_UNEXPECTED',
    `ingest_events_v1 returned an unexpected ${field}`,
    field,
  );
}
