import { createHash } from 'node:crypto';
import type { TIngestEventInput } from '@keten/contracts';
import type { TClickHouseOptions } from '../clickhouse';

/** A seeded channel that went over to its backup: what the worker would have recorded when it happened. */
export type TSeededFailover = {
  channelId: string;
  fromSourceId: string;
  toSourceId: string;
  at: Date;
  /** The primary's error, as on the source row. */
  cause: string;
  /** "Primary (UDP)", as the worker names a leg in a failover's cause. */
  primaryLabel: string;
};

/** A stable UUID for a seeded finding, so a second write of the same failover is the same event (readers keep one). */
function seededUuid(key: string): string {
  const hex = createHash('sha256').update(`keten-seed:${key}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The ingest events behind each seeded failover, as the live worker emits them: the primary going down
 * (still down: no end) and, a few seconds later, the switch to the backup at the channel's `lastFailoverAt`.
 */
export function failoverEvents(failovers: readonly TSeededFailover[]): TIngestEventInput[] {
  return failovers.flatMap((f) => [
    {
      id: seededUuid(`${f.channelId}:source_down:${f.at.toISOString()}`),
      kind: 'source_down' as const,
      channelId: f.channelId,
      sourceId: f.fromSourceId,
      startedAt: new Date(f.at.getTime() - 4_000).toISOString(),
      cause: f.cause,
    },
    {
      id: seededUuid(`${f.channelId}:failover:${f.at.toISOString()}`),
      kind: 'failover' as const,
      channelId: f.channelId,
      sourceId: f.toSourceId,
      fromSourceId: f.fromSourceId,
      startedAt: f.at.toISOString(),
      cause: `${f.primaryLabel}: ${f.cause}`,
    },
  ]);
}

/**
 * Writes the failovers' ingest events to ClickHouse (the API's store: a server at `url`, or embedded chDB in
 * `dataDir`, which must not be open in a running API). Migrates first, as the API does on start.
 */
export async function seedIngestEvents(
  failovers: readonly TSeededFailover[],
  options: TClickHouseOptions,
): Promise<{ inserted: number }> {
  const events = failoverEvents(failovers);
  if (events.length === 0) return { inserted: 0 };
  // Loaded here: importers of the seed module (the worker's demo) need not load chDB's engine.
  const { createClickHouse, insertIngestEvents, migrateClickHouse } = await import('../clickhouse');
  const clickhouse = await createClickHouse(options);
  try {
    await migrateClickHouse(clickhouse.client);
    return await insertIngestEvents(clickhouse.client, events);
  } finally {
    await clickhouse.close();
  }
}
