import type { PrismaClient } from '@keten/db/client';
import { KetenError } from '../lib/errors';

/**
 * Runs the enqueue of a job whose history row already exists. If Redis refuses it, the row is marked
 * FAILED with the reason (the history must not claim a job is queued when Redis never got it) and the
 * caller gets a CONFLICT naming it.
 */
export async function enqueueOrFail(prisma: PrismaClient, recordId: string, enqueue: () => Promise<unknown>) {
  try {
    await enqueue();
  } catch (error) {
    const reason = `could not reach the queue: ${error instanceof Error ? error.message : String(error)}`;
    await prisma.jobRecord.update({
      where: { id: recordId },
      data: { state: 'FAILED', error: reason, finishedAt: new Date() },
    });
    throw new KetenError('CONFLICT', reason);
  }
}
