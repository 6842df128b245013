import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appliedClickHouseMigrations, migrateClickHouse } from './migrate/migrate';
import {
  DEFAULT_MIGRATIONS_DIR,
  readLatestMigrationNumber,
  readMigrationFiles,
} from './migrate/migration-files';
import { createTestClickHouse, queryRows } from './test-support';

const ch = createTestClickHouse();
const scratch = mkdtempSync(join(tmpdir(), 'keten-ch-migrations-'));
afterAll(async () => {
  await ch.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

function copyOfMigrations(name: string): string {
  const dir = join(scratch, name);
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('ClickHouse migration files', () => {
  it('keeps LATEST equal to the highest migration number', () => {
    const files = readMigrationFiles();
    expect(readLatestMigrationNumber()).toBe(files.at(-1)?.version);
  });

  it('writes every CREATE so that a half-applied migration can run again', () => {
    const creates = readMigrationFiles()
      .flatMap((file) => file.statements)
      .filter((statement) => /\bCREATE\b/i.test(statement));
    expect(creates.length).toBeGreaterThan(0);
    for (const statement of creates) expect(statement).toMatch(/CREATE\s+[A-Z ]*?\s+IF NOT EXISTS/i);
  });
});

describe('migrateClickHouse', () => {
  it('applies every migration to an empty database and records it', async () => {
    const client = await ch.open('migrate_empty');
    const files = readMigrationFiles();
    expect(await migrateClickHouse(client)).toEqual(files.map((file) => file.version));
    expect(await appliedClickHouseMigrations(client)).toEqual(
      files.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    const tables = await queryRows(
      client,
      'SELECT name FROM system.tables WHERE database = currentDatabase()',
    );
    expect(tables.map((row) => row.name).sort()).toEqual([
      'ingest_events_v1',
      'qoe_events_v1',
      'qoe_minute_mv_v1',
      'qoe_minute_v1',
      'schema_migrations',
    ]);
  });

  it('does nothing when run again', async () => {
    const client = await ch.open('migrate_twice');
    await migrateClickHouse(client);
    expect(await migrateClickHouse(client)).toEqual([]);
    const [row] = await queryRows(client, 'SELECT count() AS n FROM schema_migrations');
    expect(Number(row?.n)).toBe(readMigrationFiles().length);
  });

  it('finishes a migration whose statements ran but was not recorded', async () => {
    const client = await ch.open('migrate_half');
    const [first] = readMigrationFiles();
    for (const statement of first?.statements ?? []) await client.command({ query: statement });
    expect(await migrateClickHouse(client)).toEqual([1, 2, 3]);
  });

  it('refuses a landed migration whose file changed', async () => {
    const client = await ch.open('migrate_changed');
    const dir = copyOfMigrations('changed');
    await migrateClickHouse(client, { migrationsDir: dir });
    appendFileSync(join(dir, '0001_qoe_events.sql'), '\n-- edited after landing\n');
    await expect(migrateClickHouse(client, { migrationsDir: dir })).rejects.toMatchObject({
      code: 'CLICKHOUSE_MIGRATION_CHANGED',
      field: '0001_qoe_events',
    });
  });

  it('refuses a database that has a migration this build does not know', async () => {
    const client = await ch.open('migrate_unknown');
    await migrateClickHouse(client);
    const dir = copyOfMigrations('older');
    const newest = readMigrationFiles().at(-1);
    rmSync(join(dir, `${newest?.name}.sql`));
    await expect(migrateClickHouse(client, { migrationsDir: dir })).rejects.toMatchObject({
      code: 'CLICKHOUSE_MIGRATION_UNKNOWN',
      field: newest?.name,
    });
  });

  it('refuses a gap in the numbering', () => {
    const dir = copyOfMigrations('gap');
    rmSync(join(dir, '0001_qoe_events.sql'));
    expect(() => readMigrationFiles(dir)).toThrow(
      expect.objectContaining({ code: 'CLICKHOUSE_MIGRATION_FILE_INVALID' }),
    );
  });
});
