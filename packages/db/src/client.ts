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
  return new PrismaClient({ adapter });
}
