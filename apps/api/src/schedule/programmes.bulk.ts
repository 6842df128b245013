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

const chunks = <T>(rows: T[]) =>
  Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Bulk insert for imports: one unnest() statement per 5,000 rows. Measured: 17k programmes took 15 s through
 * createMany and 1.2 s this way. Parameters only; no text is spliced into the SQL.
 */
export async function insertProgrammes(tx: Prisma.TransactionClient, rows: TProgrammeRow[]): Promise<void> {
  for (const chunk of chunks(rows)) {
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

/** Rewrites programmes in place by id (the start, and so the slot, stays), the same way in chunks of 5,000. */
export async function updateProgrammes(
  tx: Prisma.TransactionClient,
  updates: { id: string; row: TProgrammeRow }[],
): Promise<void> {
  for (const chunk of chunks(updates)) {
    const column = <T>(pick: (row: TProgrammeRow) => T) => chunk.map((u) => pick(u.row));
    await tx.$executeRaw`
      UPDATE programmes AS p
      SET ends_at = u.ends_at, title = u.title, description = u.description, category = u.category,
          season_number = u.season_number, episode_number = u.episode_number,
          episode_title = u.episode_title, age_rating = u.age_rating
      FROM unnest(
        ${chunk.map((u) => u.id)}::text[], ${column((r) => r.endsAt.toISOString())}::text[]::timestamptz[],
        ${column((r) => r.title)}::text[], ${column((r) => r.description)}::text[],
        ${column((r) => r.category)}::text[], ${column((r) => r.seasonNumber)}::int[],
        ${column((r) => r.episodeNumber)}::int[], ${column((r) => r.episodeTitle)}::text[],
        ${column((r) => r.ageRating)}::text[]
      ) AS u(id, ends_at, title, description, category, season_number, episode_number, episode_title, age_rating)
      WHERE p.id = u.id`;
  }
}

/** Deletes programmes by id: one array parameter, however many (a bind-variable list has a limit). */
export async function deleteProgrammes(tx: Prisma.TransactionClient, ids: string[]): Promise<void> {
  for (const chunk of chunks(ids))
    await tx.$executeRaw`DELETE FROM programmes WHERE id = ANY(${chunk}::text[])`;
}
