import { execFileSync } from 'node:child_process';
import { parseEnv } from '@keten/contracts/env';
import { z } from 'zod';

// scripts/e2e.sh exports DATABASE_URL and REDIS_URL; the api runs with the default WORKER_QUEUE_PREFIX.
export const stores = parseEnv(
  z.object({
    DATABASE_URL: z.string().min(1),
    REDIS_URL: z.string().min(1),
    WORKER_QUEUE_PREFIX: z.string().min(1).default('keten'),
  }),
  process.env,
);

/** Empties this run's queues of these names in Redis (no worker runs here, so started jobs stay queued). */
export function clearQueues(names: readonly string[]) {
  for (const name of names) {
    execFileSync('sh', [
      '-c',
      `redis-cli -u "$0" --scan --pattern "$1" | xargs -r redis-cli -u "$0" del`,
      stores.REDIS_URL,
      `${stores.WORKER_QUEUE_PREFIX}:${name}:*`,
    ]);
  }
}

/** Leaves the job history as the other browser tests expect it (jobs.e2e starts from "No jobs yet"). */
export function forgetJobsOf(channelId: string) {
  execFileSync('psql', [
    '-X',
    '-q',
    stores.DATABASE_URL,
    '-c',
    `DELETE FROM job_records WHERE channel_id = '${channelId.replace(/[^a-z0-9]/gi, '')}'`,
  ]);
}

/** Setup only: rows of a read-only query against this run's database, each a list of column values. */
export function queryRows(sql: string): string[][] {
  const out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '\t', stores.DATABASE_URL, '-c', sql], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t'));
}
