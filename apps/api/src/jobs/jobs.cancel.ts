import { jobCancelChannel, type TJobCancelMessage, ZJobCancelMessageSchema } from '@keten/contracts';
import type { Redis } from 'ioredis';

const DEFAULT_PREFIX = 'keten';

/**
 * Asks whichever worker runs `jobId` to stop it (the job's processor sees its abort signal).
 * Returns how many worker processes heard the request; 0 means no worker is listening.
 */
export async function requestJobCancel(
  redis: Redis,
  prefix: string | undefined,
  message: TJobCancelMessage,
): Promise<number> {
  const body = JSON.stringify(ZJobCancelMessageSchema.parse(message));
  return redis.publish(jobCancelChannel(prefix ?? DEFAULT_PREFIX), body);
}
