import type { PrismaClient } from '../generated/prisma/client';
import type { SeedLog } from './batch';
import { createContext } from './context';
import { seedControl } from './control';
import { seedEpg } from './epg';
import type { TSeededFailover } from './ingest-events';
import { seedLineup } from './lineup';
import { seedSubscribers } from './subscribers';

export type { SeedLog } from './batch';
export { failoverEvents, seedIngestEvents, type TSeededFailover } from './ingest-events';
export { DEMO_OPERATORS, seedOperators } from './operators';

export type SeedOptions = {
  /** Where channel logos go: `<mediaRoot>/logos/<slug>.svg`. */
  mediaRoot: string;
  /** Anchors the EPG window and relative dates (default: now). Tests pin it so a run at midnight stays stable. */
  now?: Date;
  /** Number of subscribers (default 10 000; devices and subscriptions scale with it). */
  subscribers?: number;
  /** EPG days before and after today in Amsterdam (default 7: two weeks). */
  epgDaysEachSide?: number;
  log?: SeedLog;
};

export type SeedResult = {
  /** Rows inserted per table; all zero when re-run on a seeded database. */
  created: Record<string, number>;
  /** The failovers this run recorded on channels; `seedIngestEvents` gives them their ingest events. */
  failovers: TSeededFailover[];
  ms: number;
};

/**
 * Fill the catalogue with a realistic Dutch operator. Deterministic (seeded PRNG, ids derived from natural keys) and
 * idempotent (createMany + skipDuplicates): re-running inserts nothing and changes no existing row.
 * Operators are separate (`seedOperators`) because they need a password.
 */
export async function seed(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const ctx = createContext(prisma, options.now ?? new Date(), options.log ?? (() => {}));
  const lineup = await seedLineup(ctx, options.mediaRoot);
  const people = await seedSubscribers(ctx, { subscribers: options.subscribers ?? 10_000 });
  const programmes = await seedEpg(ctx, lineup.channels, options.epgDaysEachSide ?? 7);
  const control = await seedControl(ctx);
  return {
    created: { ...lineup.created, ...people, programmes, ...control },
    failovers: lineup.failovers,
    ms: Math.round(performance.now() - started),
  };
}
export { LIVE_DEMO_SLUG, seedLiveDemo } from './live-demo';
