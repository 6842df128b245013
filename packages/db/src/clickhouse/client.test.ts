import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClickHouse } from './client';
import { queryRows } from './test-support';

const dirs = [
  mkdtempSync(join(tmpdir(), 'keten-ch-a-')),
  mkdtempSync(join(tmpdir(), 'keten-ch-b-')),
] as const;
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('createClickHouse (embedded chDB)', () => {
  it('shares one data directory between handles and refuses a second directory', async () => {
    const [a, b] = dirs;
    const first = await createClickHouse({ dataDir: a, database: 'shared' });
    const second = await createClickHouse({ dataDir: a, database: 'shared' });
    await first.client.command({ query: 'CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x' });
    await first.client.insert({ table: 't', values: [{ x: 7 }], format: 'JSONEachRow' });
    expect(await queryRows(second.client, 'SELECT x FROM t')).toEqual([{ x: 7 }]);
    expect(second.mode).toBe('embedded');

    await expect(createClickHouse({ dataDir: b })).rejects.toMatchObject({
      code: 'CLICKHOUSE_DATA_DIR_IN_USE',
      field: 'dataDir',
    });
    await first.close();
    await expect(createClickHouse({ dataDir: b })).rejects.toMatchObject({
      code: 'CLICKHOUSE_DATA_DIR_IN_USE',
    });
    await second.close();
    await second.close();

    const other = await createClickHouse({ dataDir: b });
    expect(await queryRows(other.client, 'SELECT currentDatabase() AS db')).toEqual([{ db: 'default' }]);
    await other.close();

    const again = await createClickHouse({ dataDir: a, database: 'shared' });
    expect(await queryRows(again.client, 'SELECT x FROM t')).toEqual([{ x: 7 }]);
    await again.close();
  });

  it('refuses a malformed url or database name', async () => {
    await expect(createClickHouse({ dataDir: dirs[0], url: 'tcp://x:9000' })).rejects.toMatchObject({
      code: 'CLICKHOUSE_CONFIG_INVALID',
      field: 'url',
    });
    await expect(createClickHouse({ dataDir: dirs[0], database: 'a; DROP' })).rejects.toMatchObject({
      field: 'database',
    });
  });

  it('builds an HTTP client when a url is given, without connecting', async () => {
    const server = await createClickHouse({ dataDir: dirs[0], url: 'http://127.0.0.1:1', database: 'keten' });
    expect(server.mode).toBe('http');
    await server.close();
  });
});
