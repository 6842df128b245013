import { randomUUID } from 'node:crypto';
import type { Prisma } from '@keten/db/client';

export interface TProgrammeRow {
  channelId: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  description: string | null;
  category: string | null;
  seasonNumber: number | null;
  episodeNumber: number | null;
  episodeTitle: string | null;
  ageRating: string | null;
}

const CHUNK = 5_000;

/**
 * Bulk insert for imports: one unnest() statement per 5,000 rows. Measured: 17k programmes took 15 s through
 * createMany and 1.2 s this way. Parameters only; no text is spliced into the SQL.
 */
export async function insertProgrammes(tx: Prisma.TransactionClient, rows: TProgrammeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const column = <T>(pick: (row: TProgrammeRow) => T) => chunk.map(pick);
    await tx.$executeRaw`
      INSERT INTO programmes (id, channel_id, starts_at, ends_at, title, description, category,
                              season_number, episode_number, episode_title, age_rating)
      SELECT * FROM unnest(
        ${column(() => randomUUID())}::text[], ${column((r) => r.channelId)}::text[],
        ${column((r) => r.startsAt.toISOString())}::text[]::timestamptz[],
        ${column((r) => r.endsAt.toISOString())}::text[]::timestamptz[],
        ${column((r) => r.title)}::text[], ${column((r) => r.description)}::text[],
        ${column((r) => r.category)}::text[], ${column((r) => r.seasonNumber)}::int[],
        ${column((r) => r.episodeNumber)}::int[], ${column((r) => r.episodeTitle)}::text[],
        ${column((r) => r.ageRating)}::text[])`;
  }
}
