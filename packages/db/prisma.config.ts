import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

// Prisma 6.19.3 in adapter mode runs the WASM schema engine bundled in the CLI: no binary download.
// The remedies below fix defects of that mode: four from /work/shared/DESIGN.md, a fifth found here (README.md).

const PG_CHAR_OID = 18;
const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;
const LONG_TIMER_MS = 5_000;

type RowDescription = { fields: { dataTypeID: number }[] };

// Remedy 1: introspection reads pg_catalog `name`/`"char"` columns that adapter-pg cannot map (prisma/orm#27403).
class CatalogAsTextClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    this.connection.prependListener('rowDescription', (message: RowDescription) => {
      for (const field of message.fields) {
        if (field.dataTypeID === PG_NAME_OID || field.dataTypeID === PG_CHAR_OID)
          field.dataTypeID = PG_TEXT_OID;
      }
    });
  }
}

// Remedy 4: the WASM engine arms 10–60 s timers it never clears (DESIGN); unref them so a finished command exits.
const armTimer = globalThis.setTimeout;
const unrefLongTimers = <A extends unknown[]>(
  handler: (...args: A) => void,
  delay?: number,
  ...args: A
): NodeJS.Timeout => {
  const timer = armTimer(handler, delay, ...args);
  if ((delay ?? 0) >= LONG_TIMER_MS) timer.unref();
  return timer;
};
globalThis.setTimeout = Object.assign(unrefLongTimers, armTimer) as typeof setTimeout;

// Remedy 3: separate fields, because `{ ...config, database }` cannot override a connectionString.
function poolConfigFrom(databaseUrl: string | undefined): pg.PoolConfig {
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set: Prisma commands need postgresql://user:pass@host:port/db');
  const url = new URL(databaseUrl);
  return {
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    // Remedy 1 (wiring): every pooled connection uses the catalog-as-text client.
    Client: CatalogAsTextClient,
    // Remedy 4: idle pooled connections must not keep the CLI alive (without this each command lingers ~10 s).
    allowExitOnIdle: true,
  };
}

type PgError = Error & { code?: string; severity?: string; detail?: string; column?: string; hint?: string };

// The schema engine reads a failed statement's details from an error shaped like adapter-pg's DriverAdapterError.
class ScriptError extends Error {
  override name = 'DriverAdapterError';
  constructor(override readonly cause: Record<string, string | undefined>) {
    super(cause.message);
  }
}

// Remedy 5 (found here): adapter-pg's executeScript splits on every ';', breaking `'a; b'` literals and $$ bodies;
// send the script whole, as the native engine does (PostgreSQL runs one simple query as one transaction).
async function executeWholeScript(pool: pg.Pool, script: string): Promise<void> {
  try {
    await pool.query(script);
  } catch (error) {
    const e = error as PgError;
    if (typeof e.code !== 'string' || typeof e.severity !== 'string') throw error;
    throw new ScriptError({
      kind: 'postgres',
      code: e.code,
      severity: e.severity,
      message: e.message,
      detail: e.detail,
      column: e.column,
      hint: e.hint,
    });
  }
}

class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }

  override async connect(): Promise<Awaited<ReturnType<PrismaPg['connect']>>> {
    const adapter = await super.connect();
    adapter.executeScript = (script) => executeWholeScript(adapter.underlyingDriver(), script);
    return adapter;
  }

  // Remedy 2: the stock adapter drops the shadow database while its own pool still holds connections.
  override async connectToShadowDb(): Promise<Awaited<ReturnType<PrismaPg['connect']>>> {
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    const main = await this.connect();
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new MigrationAdapterFactory({ ...this.poolConfig, database }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx src/seed/main.ts' },
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => new MigrationAdapterFactory(poolConfigFrom(process.env.DATABASE_URL)),
});
