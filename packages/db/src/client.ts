import { PrismaPg } from '@prisma/adapter-pg';
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
