import type { PrismaClient } from '@keten/db/client';
import { rolloutFields, scopeOf, type TRolloutRow } from './rollouts.load';
import type { TRolloutScope } from './rollouts.targeting';

export type TCachedRollout = { row: TRolloutRow; scope: TRolloutScope };

/**
 * How long a process serves /v1/firmware from its copy of a model's rollouts. A change made in this process drops
 * the copy at once; another replica's change is seen within this time (boxes poll hourly, so a few seconds is nothing).
 */
export const FIRMWARE_CACHE_MS = 5_000;

const caches = new WeakMap<PrismaClient, Map<string, { at: number; rows: Promise<TCachedRollout[]> }>>();

/** The rollouts that can tell a box of this model something (newest first), cached per process. */
export function modelRollouts(
  prisma: PrismaClient,
  boxModel: string,
  now = Date.now(),
): Promise<TCachedRollout[]> {
  const cache = caches.get(prisma) ?? new Map<string, { at: number; rows: Promise<TCachedRollout[]> }>();
  caches.set(prisma, cache);
  const hit = cache.get(boxModel);
  if (hit && now - hit.at < FIRMWARE_CACHE_MS) return hit.rows;
  const rows = prisma.firmwareRollout
    .findMany({
      where: {
        state: { in: ['RUNNING', 'HALTED', 'COMPLETED', 'ROLLED_BACK'] },
        firmwareVersion: { boxModel: { code: boxModel } },
      },
      select: rolloutFields,
      orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
    })
    .then((found) => found.map((row) => ({ row, scope: scopeOf(row) })));
  cache.set(boxModel, { at: now, rows });
  rows.catch(() => cache.delete(boxModel));
  return rows;
}

/** After a rollout changed state in this process: the next /v1/firmware reads afresh. */
export function dropFirmwareCache(prisma: PrismaClient) {
  caches.delete(prisma);
}
