import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { ClickHouseStoreError } from '../errors';
import { readSqlFile } from '../sql-file';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles, type TMigrationFile } from './migration-files';

const createSchemaMigrationsSql = readSqlFile('create-schema-migrations.sql', import.meta.url);
const appliedMigrationsSql = readSqlFile('applied-migrations.sql', import.meta.url);
const recordMigrationSql = readSqlFile('record-migration.sql', import.meta.url);

export const ZAppliedMigrationSchema = z.object({
  version: z.number().int().positive(),
  name: z.string(),
  checksum: z.string(),
});
export type TAppliedMigration = z.infer<typeof ZAppliedMigrationSchema>;

export type TMigrateOptions = {
  /** Folder of NNNN_name.sql files; defaults to the package's migrations/. */
  migrationsDir?: string;
};

/**
 * Apply pending migrations in order and record each in schema_migrations; returns the versions applied now
 * (empty when up to date). A landed migration whose file changed, or a recorded one with no file, is refused
 * before anything runs.
 */
export async function migrateClickHouse(
  client: ClickHouseClient,
  options: TMigrateOptions = {},
): Promise<number[]> {
  const files = readMigrationFiles(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  await client.command({ query: createSchemaMigrationsSql });
  const applied = await appliedClickHouseMigrations(client);
  checkLanded(files, applied);
  const landed = new Set(applied.map((m) => m.version));
  const done: number[] = [];
  for (const file of files) {
    if (landed.has(file.version)) continue;
    // Not atomic: every statement is written to be re-runnable (IF NOT EXISTS), so a half-applied file is retried.
    for (const statement of file.statements) await client.command({ query: statement });
    await client.command({
      query: recordMigrationSql,
      query_params: { version: file.version, name: file.name, checksum: file.checksum },
    });
    done.push(file.version);
  }
  return done;
}

/** What schema_migrations says has landed, one row per version. */
export async function appliedClickHouseMigrations(client: ClickHouseClient): Promise<TAppliedMigration[]> {
  const result = await client.query({ query: appliedMigrationsSql, format: 'JSONEachRow' });
  return z.array(ZAppliedMigrationSchema).parse(await result.json());
}

function checkLanded(files: TMigrationFile[], applied: TAppliedMigration[]): void {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const landed of applied) {
    const file = byVersion.get(landed.version);
    if (!file) {
      throw new ClickHouseStoreError(
        'CLICKHOUSE_MIGRATION_UNKNOWN',
        `ClickHouse has migration ${landed.name} applied, but this build has no such file; deploy a build that has it.`,
        landed.name,
      );
    }
    if (file.checksum !== landed.checksum || file.name !== landed.name) {
      throw new ClickHouseStoreError(
        'CLICKHOUSE_MIGRATION_CHANGED',
        `Migration ${file.name} changed after it was applied as ${landed.name}; landed migrations are frozen, ` +
          'add a new numbered file instead.',
        file.name,
      );
    }
  }
}
