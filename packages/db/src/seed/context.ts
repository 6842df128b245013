import type { PrismaClient } from '../generated/prisma/client';
import type { SeedLog } from './batch';
import { amsterdamDateOf, amsterdamToUtc, DAY_MS, type LocalDate } from './time';

/** What every seed step needs: the client, a logger, and the seed's notion of "today" in Amsterdam. */
export type SeedContext = {
  prisma: PrismaClient;
  log: SeedLog;
  now: Date;
  today: LocalDate;
  /** Start of today in Amsterdam, as a UTC instant. */
  midnight: Date;
  /** `days` before today's Amsterdam midnight, plus `minutes`. */
  daysAgo(days: number, minutes?: number): Date;
};

export function createContext(prisma: PrismaClient, now: Date, log: SeedLog): SeedContext {
  const today = amsterdamDateOf(now);
  const midnight = amsterdamToUtc(today);
  return {
    prisma,
    log,
    now,
    today,
    midnight,
    daysAgo: (days, minutes = 0) => new Date(midnight.getTime() - days * DAY_MS + minutes * 60_000),
  };
}
