import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ClickHouseClient, type ClickHouseClientConfigOptions, createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { ClickHouseStoreError } from './errors';

export type TClickHouseOptions = {
  /** `http(s)://host:port` of a ClickHouse 24+ server or ClickHouse Cloud; unset = embedded chDB. */
  url?: string;
  username?: string;
  password?: string;
  /** Defaults to `default`. Embedded: created if missing. Server: must exist (create it once, ON CLUSTER on a cluster). */
  database?: string;
  /** Embedded chDB data directory; ignored when `url` is set. */
  dataDir: string;
};

export type TKetenClickHouse = {
  client: ClickHouseClient;
  mode: 'http' | 'embedded';
  /** Idempotent. Embedded: releases this connection; the data directory is free once all are closed. */
  close(): Promise<void>;
};

// chDB binds one data directory per process; this tracks which one and how many handles use it.
let embedded: { dir: string; handles: number } | null = null;

const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One way to reach ClickHouse: an HTTP client when `url` is set, embedded chDB on `dataDir` otherwise.
 * Both give the same `@clickhouse/client` API. Embedded: apps/api is the single owner of the data directory;
 * a second handle on the same directory in the same process shares the engine, a different directory
 * while one is open fails with CLICKHOUSE_DATA_DIR_IN_USE.
 */
export async function createClickHouse(options: TClickHouseOptions): Promise<TKetenClickHouse> {
  const database = options.database ?? 'default';
  if (!DATABASE_NAME.test(database)) {
    throw new ClickHouseStoreError(
      'CLICKHOUSE_CONFIG_INVALID',
      `database must be a plain identifier, got "${database}"`,
      'database',
    );
  }
  return options.url ? openHttp(options.url, options, database) : openEmbedded(options.dataDir, database);
}

function openHttp(url: string, options: TClickHouseOptions, database: string): TKetenClickHouse {
  if (!/^https?:\/\//.test(url)) {
    throw new ClickHouseStoreError(
      'CLICKHOUSE_CONFIG_INVALID',
      `url must start with http:// or https://`,
      'url',
    );
  }
  const client = createClient({ url, username: options.username, password: options.password, database });
  let closed = false;
  return {
    client,
    mode: 'http',
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

async function openEmbedded(dataDir: string, database: string): Promise<TKetenClickHouse> {
  const dir = resolve(dataDir);
  if (embedded && embedded.dir !== dir) throw dataDirInUse(embedded.dir, dir);
  mkdirSync(dir, { recursive: true });
  let client: ClickHouseClient;
  try {
    client = createClient({ connection: chdbConnection(dir) });
  } catch (error) {
    // Another copy of this module (or raw chdb) may hold the directory.
    if (error instanceof Error && error.message.includes('one active data directory')) {
      throw dataDirInUse('another session', dir);
    }
    throw error;
  }
  embedded = { dir, handles: (embedded?.handles ?? 0) + 1 };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.close();
    if (embedded && embedded.dir === dir && --embedded.handles === 0) embedded = null;
  };
  try {
    // Embedded connections keep session state, so USE applies to every later query on this handle.
    await client.command({
      query: 'CREATE DATABASE IF NOT EXISTS {db:Identifier}',
      query_params: { db: database },
    });
    await client.command({ query: 'USE {db:Identifier}', query_params: { db: database } });
  } catch (error) {
    await close();
    throw error;
  }
  return { client, mode: 'embedded', close };
}

type TConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;

function chdbConnection(dir: string): TConnection {
  // chdb 3.4 types against @clickhouse/client-common 1.23.0, client 1.23.1 ships its own copy whose
  // ClickHouseSettings gained keys; the runtime contract is the same, so only the types are bridged.
  return createChdbConnection({ path: dir }) as unknown as TConnection;
}

function dataDirInUse(held: string, wanted: string): ClickHouseStoreError {
  return new ClickHouseStoreError(
    'CLICKHOUSE_DATA_DIR_IN_USE',
    `Embedded ClickHouse (chDB) binds one data directory per process: ${held} is open, so ${wanted} cannot be. ` +
      'Close every handle first; in production only apps/api owns the ClickHouse data directory.',
    'dataDir',
  );
}
