import { type TIngestEvent, type TIngestEventKind, ZIngestEventSchema } from '@keten/contracts';
import {
  channelIngestCounts,
  channelIngestTimeline,
  insertIngestEvents,
  type TIngestTimelineEvent,
  type TKetenClickHouse,
} from '@keten/db/clickhouse';

/** Why a queued event was refused; the job fails with this message and nothing is stored. */
export class IngestEventInvalidError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`ingest event refused: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'IngestEventInvalidError';
  }
}

/** Validates one event as the worker sent it (ZIngestEventSchema) and stores it in ClickHouse. */
export async function storeIngestEvent(clickhouse: TKetenClickHouse, data: unknown): Promise<TIngestEvent> {
  const parsed = ZIngestEventSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IngestEventInvalidError(issue?.path.map(String).join('.') ?? '', issue?.message ?? 'invalid');
  }
  await insertIngestEvents(clickhouse.client, [parsed.data]);
  return parsed.data;
}

export type TChannelIngest = {
  events: TIngestTimelineEvent[];
  counts: Partial<Record<TIngestEventKind, number>>;
};

/** A channel's findings in [from, to): the timeline (latest copy per finding, newest first) and counts per kind. */
export async function readChannelIngest(
  clickhouse: TKetenClickHouse,
  input: { channelId: string; from: Date; to: Date; limit?: number },
): Promise<TChannelIngest> {
  const events = await channelIngestTimeline(clickhouse.client, input);
  const counts = await channelIngestCounts(clickhouse.client, input);
  return { events, counts };
}
