import { afterAll, expect, it } from 'vitest';
import { migrateClickHouse } from './migrate/migrate';
import { createTestClickHouse, queryRows } from './test-support';

const ch = createTestClickHouse();
afterAll(() => ch.dispose());

// What the migrations produce, as the engine reports it: a reviewer sees schema changes in this snapshot.
it('produces the expected DDL', async () => {
  const client = await ch.open('keten');
  await migrateClickHouse(client);
  const tables = await queryRows(client, 'SELECT name FROM system.tables WHERE database = currentDatabase()');
  const ddl: Record<string, string> = {};
  for (const { name } of tables) {
    const result = await client.query({
      query: 'SHOW CREATE TABLE {name:Identifier}',
      query_params: { name },
      format: 'TabSeparatedRaw',
    });
    ddl[String(name)] = (await result.text()).trim();
  }
  expect(ddl).toMatchSnapshot();
});
