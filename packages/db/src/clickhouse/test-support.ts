import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouse, type TKetenClickHouse } from './client';

/** One embedded chDB data dir per test file; each test opens its own database in it. */
export function createTestClickHouse() {
  const dataDir = mkdtempSync(join(tmpdir(), 'keten-ch-test-'));
  const handles: TKetenClickHouse[] = [];
  return {
    dataDir,
    async open(database: string): Promise<ClickHouseClient> {
      const handle = await createClickHouse({ dataDir, database });
      handles.push(handle);
      return handle.client;
    },
    async dispose(): Promise<void> {
      for (const handle of handles) await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function queryRows(client: ClickHouseClient, query: string): Promise<Record<string, unknown>[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return result.json<Record<string, unknown>>();
}
