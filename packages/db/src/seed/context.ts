import { amsterdamDate, amsterdamInstant } from '@keten/contracts';
import type { PrismaClient } from '../generated/prisma/client';
import type { SeedLog } from './batch';

/** What every seed step needs: the client, a logger, and the seed's notion of "today" in Amsterdam. */
export type SeedContext = {
  prisma: PrismaClient;
  log: SeedLog;
  now: Date;
  /** Today in Amsterdam, "YYYY-MM-DD". */
  today: string;
  /** Start of today in Amsterdam, as a UTC instant. */
  midnight: Date;
  /** `days` before today's Amsterdam midnight, plus `minutes`. */
  daysAgo(days: number, minutes?: number): Date;
};

const DAY_MS = 86_400_000;

export function createContext(prisma: PrismaClient, now: Date, log: SeedLog): SeedContext {
  const today = amsterdamDate(now);
  const midnight = amsterdamInstant(today);
  return {
    prisma,
    log,
    now,
    today,
    midnight,
    daysAgo: (days, minutes = 0) => new Date(midnight.getTime() - days * DAY_MS + minutes * 60_000),
  };
}
