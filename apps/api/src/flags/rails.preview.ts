import type { PrismaClient } from '@keten/db/client';
import { deviceFactsBySerial } from './fleet';
import { evaluateDeviceRails, toBoxRails } from './rails.device';
import { currentSnapshot } from './snapshot';

/**
 * The console's "what home screen does box X get": every saved rail evaluated for the box with the same
 * functions /v1/config runs (its facts from its row, its lineup), with why each rail and item is in or out.
 * An unknown serial is an answer (`found: false`), which the console words as "no box with serial X".
 */
export async function previewRails(prisma: PrismaClient, serial: string, now = new Date()) {
  const facts = await deviceFactsBySerial(prisma, serial, now);
  if (!facts) return { found: false as const, serial };
  const row = await prisma.device.findUniqueOrThrow({
    where: { id: facts.id },
    select: { subscriberId: true },
  });
  const snapshot = await currentSnapshot(prisma);
  const { evaluations, channels } = await evaluateDeviceRails(prisma, snapshot, facts, row.subscriberId, now);
  return {
    found: true as const,
    serial,
    device: facts,
    /** Every rail with its variant, reason and the items left out (and why). */
    rails: evaluations,
    /** Exactly what the box receives in /v1/config's `rails`. */
    served: toBoxRails(evaluations, channels),
    /** The channels the box may watch now (names for the preview). */
    watchable: [...channels.values()],
  };
}
