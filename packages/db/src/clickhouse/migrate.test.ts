import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appliedClickHouseMigrations, migrateClickHouse } from './migrate/migrate';
import {
  DEFAULT_MIGRATIONS_DIR,
  readLatestMigrationNumber,
  readMigrationFiles,
} from './migrate/migration-files';
import { insertQoeEvents } from './qoe/insert-qoe-events';
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
      'delivery_edge_minute_mv_v1',
      'delivery_edge_minute_v1',
      'delivery_events_v1',
      'delivery_events_v2',
      'ingest_events_v1',
      'qoe_concurrency_count_v1',
      'qoe_concurrency_minute_mv_v2',
      'qoe_concurrency_minute_v1',
      'qoe_concurrency_minute_v2',
      'qoe_concurrency_touched_mv_v1',
      'qoe_concurrency_touched_v1',
      'qoe_day_box_mv_v1',
      'qoe_day_box_v1',
      'qoe_day_channel_mv_v1',
      'qoe_day_channel_v1',
      'qoe_day_dim_mv_v1',
      'qoe_day_dim_v1',
      'qoe_day_mv_v1',
      'qoe_day_v1',
      'qoe_errors_minute_mv_v1',
      'qoe_errors_minute_v1',
      'qoe_events_v1',
      'qoe_hour_box_mv_v1',
      'qoe_hour_box_v1',
      'qoe_hour_channel_mv_v1',
      'qoe_hour_channel_v1',
      'qoe_hour_dim_mv_v1',
      'qoe_hour_dim_v1',
      'qoe_hour_mv_v1',
      'qoe_hour_v1',
      'qoe_minute_dim_mv_v1',
      'qoe_minute_dim_v1',
      'qoe_minute_mv_v2',
      'qoe_minute_v1',
      'qoe_minute_v2',
      'qoe_session_hour_mv_v1',
      'qoe_session_hour_v1',
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
    expect(await migrateClickHouse(client)).toEqual(readMigrationFiles().map((file) => file.version));
  });

  it('copies events stored before the rollups existed into them once, also when a migration is run again', async () => {
    const client = await ch.open('migrate_backfill');
    const dir = copyOfMigrations('before-rollups');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.sql') && name >= '0004')) {
      rmSync(join(dir, file));
    }
    await migrateClickHouse(client, { migrationsDir: dir });
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
    const event = {
      deviceId: 'd1',
      boxModel: 'A',
      firmware: '1.0',
      appVersion: '5.0',
      channelId: 'ch1',
      cdnEdge: 'edge-1',
      sessionId: 's1',
      eventTime: new Date(minute),
    };
    const events = [
      { ...event, seq: 0, eventType: 'attempt' as const },
      { ...event, seq: 1, eventType: 'first_frame' as const, startMs: 500 },
      { ...event, seq: 2, eventType: 'error' as const, errorCode: 'E1', errorLayer: 'player' },
    ];
    // The second copy is a resent batch: the raw table collapses it, and so must the copy.
    await insertQoeEvents(client, events);
    await insertQoeEvents(client, events);
    await migrateClickHouse(client);
    const counts = async () =>
      (
        await queryRows(
          client,
          `SELECT
          (SELECT sum(attempts) FROM qoe_minute_v2 WHERE app_version = '5.0' AND cdn_edge = 'edge-1') AS minute,
          (SELECT sum(first_frames) FROM qoe_hour_v1) AS hour,
          (SELECT sum(errors) FROM qoe_errors_minute_v1 WHERE error_code = 'E1') AS errors,
          (SELECT uniqExact(device) FROM qoe_concurrency_minute_v1) AS playing,
          (SELECT sum(first_frames) FROM qoe_day_v1) AS day,
          (SELECT sum(attempts) FROM qoe_day_box_v1 WHERE cdn_edge = 'edge-1') AS dayBox,
          (SELECT sum(attempts) FROM qoe_hour_channel_v1 WHERE channel_id = 'ch1') AS hourChannel,
          (SELECT uniqExact(device) FROM qoe_concurrency_minute_v2) AS playingV2,
          (SELECT count() FROM qoe_concurrency_touched_v1) AS touchedMinutes,
          (SELECT sum(first_frames) FROM qoe_hour_dim_v1 WHERE dimension = '') AS hourFleet,
          (SELECT sum(attempts) FROM qoe_day_dim_v1 WHERE dimension = 'cdn_edge' AND value = 'edge-1') AS dayEdge,
          (SELECT sum(attempts) FROM qoe_minute_dim_v1 WHERE dimension = 'app_version' AND value = '5.0') AS minuteApp`,
        )
      ).map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])));
    const once = [
      {
        minute: 1,
        hour: 1,
        errors: 1,
        playing: 1,
        day: 1,
        dayBox: 1,
        hourChannel: 1,
        playingV2: 1,
        touchedMinutes: 1,
        hourFleet: 1,
        dayEdge: 1,
        minuteApp: 1,
      },
    ];
    expect(await counts()).toEqual(once);
    // A half-applied migration is retried statement by statement: the copy must not run twice.
    for (const file of readMigrationFiles().filter((migration) => migration.version >= 4)) {
      for (const statement of file.statements) await client.command({ query: statement });
    }
    expect(await counts()).toEqual(once);
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
