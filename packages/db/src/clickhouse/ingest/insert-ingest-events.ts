import type { ClickHouseClient } from '@clickhouse/client';
import { type TIngestEvent, type TIngestEventInput, ZIngestEventSchema } from '@keten/contracts';
import { ClickHouseStoreError } from '../errors';
import { toClickHouseTime } from '../qoe/clickhouse-time';

export const INGEST_EVENTS_TABLE = 'ingest_events_v1';

/**
 * Validate every event (ZIngestEventSchema), then insert them in one JSONEachRow insert. One invalid event
 * rejects the call before anything is written, with INGEST_EVENT_INVALID naming it (`events[0].startedAt`).
 * The start and the end of a QC finding are two rows with the same id; readers take the latest.
 */
export async function insertIngestEvents(
  client: ClickHouseClient,
  events: readonly TIngestEventInput[],
): Promise<{ inserted: number }> {
  const rows = events.map((event, index) => toColumns(parseEvent(event, index)));
  if (rows.length === 0) return { inserted: 0 };
  await client.insert({ table: INGEST_EVENTS_TABLE, values: rows, format: 'JSONEachRow' });
  return { inserted: rows.length };
}

function parseEvent(event: TIngestEventInput, index: number): TIngestEvent {
  const result = ZIngestEventSchema.safeParse(event);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = `events[${index}]${issue?.path.map((key) => `.${String(key)}`).join('') ?? ''}`;
  throw new ClickHouseStoreError('INGEST_EVENT_INVALID', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

function toColumns(event: TIngestEvent) {
  return {
    event_id: event.id,
    kind: event.kind,
    channel_id: event.channelId,
    source_id: event.sourceId,
    from_source_id: event.fromSourceId,
    started_at: toClickHouseTime(new Date(event.startedAt)),
    ended_at: event.endedAt === null ? null : toClickHouseTime(new Date(event.endedAt)),
    cause: event.cause,
    detail: JSON.stringify(event.detail),
  };
}
