import type { PrismaClient } from '@keten/db/client';
import type { TLiveStatusStore } from './live-channel';

/**
 * The channel's control state in PostgreSQL: which source is on air, when it last failed over, and each
 * source's health. Writes are chained so they land in the order they happened.
 */
export function prismaLiveStatus(prisma: PrismaClient, channelId: string): TLiveStatusStore {
  let chain: Promise<unknown> = Promise.resolve();
  const then = <T>(write: () => Promise<T>): Promise<T> => {
    const next = chain.then(write, write);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    onAir: (sourceId, failover) =>
      then(() =>
        prisma.channel.update({
          where: { id: channelId },
          data: { onAirSourceId: sourceId, ...(failover ? { lastFailoverAt: new Date() } : {}) },
        }),
      ).then(() => undefined),
    sourceHealth: (sourceId, health, error) =>
      then(() =>
        prisma.channelSource.updateMany({
          where: { id: sourceId, channelId },
          data: { health, lastCheckedAt: new Date(), ...(error === null ? {} : { lastError: error }) },
        }),
      ).then(() => undefined),
  };
}
