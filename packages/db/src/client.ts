import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export * from './generated/prisma/client';

export type CreatePrismaOptions = {
  /** Pool size of the underlying node-postgres pool (default 10). */
  maxConnections?: number;
};

/** A PrismaClient that talks to PostgreSQL through node-postgres (no query-engine binary). Call `$disconnect()` when done. */
export function createPrisma(databaseUrl: string, options: CreatePrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  // Prisma's 2 s wait for a pooled connection is too short once a burst of transactions queues up
  // behind a 10-connection pool on a busy 2-core machine; wait longer rather than fail the request.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
}

/** A plain node-postgres pool, for the few hot paths where Prisma's per-query cost shows (the /v1 token check). */
export type TSqlPool = pg.Pool;

/**
 * A small pool beside Prisma's for hand-written, prepared statements on hot paths (measured: a primary-key read is
 * ~4× cheaper than through Prisma on 2 cores). Call `end()` when done, after the Prisma client.
 */
export function createSqlPool(databaseUrl: string, maxConnections = 4): TSqlPool {
  return new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
}

/** A connection of its own with a pool's settings, for LISTEN (a pooled connection must not be held for ever). */
export function createSqlClient(pool: TSqlPool): TSqlClient {
  return new pg.Client(pool.options);
}

export type TSqlClient = pg.Client;
export type TSqlNotification = pg.Notification;
