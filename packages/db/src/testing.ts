import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPrisma, type PrismaClient } from './client';

/** packages/db on disk, resolved from this file so callers in other packages (apps/api tests) get the same path. */
export const DB_PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_DATABASE_URL = 'postgresql://keten:keten@127.0.0.1:5432/keten';
const PRISMA_CLI_TIMEOUT_MS = 120_000;

export type PrismaCliResult = { code: number; output: string };

/** Run packages/db's Prisma CLI (offline WASM engine, see prisma.config.ts) against `databaseUrl`; resolves with the exit code. */
export function runPrismaCli(args: string[], databaseUrl: string): Promise<PrismaCliResult> {
  const cli = createRequire(join(DB_PACKAGE_DIR, 'package.json')).resolve('prisma/build/index.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: DB_PACKAGE_DIR,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // A wedged CLI must not hang the test run: kill it and say what it printed.
    const deadline = setTimeout(() => child.kill('SIGKILL'), PRISMA_CLI_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      if (signal) reject(new Error(`prisma ${args.join(' ')} killed by ${signal}:\n${output}`));
      else resolve({ code: code ?? 1, output });
    });
  });
}

export type TestDatabase = {
  /** Connection URL of the fresh database. */
  url: string;
  name: string;
  prisma: PrismaClient;
  /** Disconnect and drop the database (WITH (FORCE)); safe to call twice. */
  drop(): Promise<void>;
};

function databaseUrlOn(server: URL, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onMaintenanceDb(server: URL, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrlOn(server, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Create a uniquely named database on the server of DATABASE_URL (default keten:keten@127.0.0.1:5432),
 * apply every migration with `prisma migrate deploy`, and hand back a client for it.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const server = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  const stem = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 30);
  const name = `test_${stem}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = databaseUrlOn(server, name);

  await onMaintenanceDb(server, `CREATE DATABASE "${name}"`);
  let prisma: PrismaClient | undefined;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await prisma?.$disconnect();
    await onMaintenanceDb(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };

  try {
    const deploy = await runPrismaCli(['migrate', 'deploy'], url);
    if (deploy.code !== 0)
      throw new Error(`prisma migrate deploy failed on ${name} (exit ${deploy.code}):\n${deploy.output}`);
    prisma = createPrisma(url, { maxConnections: 5 });
    return { url, name, prisma, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
