import { hostname } from 'node:os';
import { ROLLOUT_TICK_SECONDS } from '@keten/contracts';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { blockingConnections, startRunOnce } from '../jobs/run-once';
import { type TJudge, type TTickReport, tickRollouts } from './rollouts.engine';

const DEFAULT_PREFIX = 'keten';
export const ROLLOUTS_QUEUE = 'rollouts';
export const ROLLOUTS_SCHEDULER_ID = 'rollouts-tick';

export interface TRolloutsRuntimeOptions {
  prisma: PrismaClient;
  redis: Redis;
  clickhouse: TKetenClickHouse;
  prefix?: string | undefined;
  instanceId?: string;
  /** Cycle length (tests shorten it); default 30 s. */
  everyMs?: number;
  /** The clock (tests inject one); default the wall clock. */
  now?: () => Date;
  judge?: TJudge;
  onTick?: (report: TTickReport & { instanceId: string; jobId: string }) => void;
  onError?: (message: string, error: unknown) => void;
}

export interface TRolloutsRuntime {
  close(): Promise<void>;
}

/**
 * The rollout engine in every api replica, the way the alert evaluator runs (../alerts/README.md): one BullMQ job
 * scheduler (upserted by each replica, idempotent) adds a job every 30 s, one replica takes it, and a Redis lock keeps a
 * slow cycle from overlapping the next. State changes are also conditional updates, so even two cycles at once
 * could not halt or advance a rollout twice.
 */
export async function startRolloutsRuntime(options: TRolloutsRuntimeOptions): Promise<TRolloutsRuntime> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}`;
  const everyMs = options.everyMs ?? ROLLOUT_TICK_SECONDS * 1000;
  const onError = options.onError ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const connections = blockingConnections(options.redis);
  const engine = await startRunOnce({
    redis: options.redis,
    prefix,
    queue: ROLLOUTS_QUEUE,
    schedulerId: ROLLOUTS_SCHEDULER_ID,
    jobName: 'tick',
    everyMs,
    lockName: 'rollouts:ticking',
    instanceId,
    label: 'rollout engine',
    onError,
    connections,
    run: async (job) => {
      const report = await tickRollouts(
        {
          prisma: options.prisma,
          redis: options.redis,
          clickhouse: options.clickhouse,
          workerQueuePrefix: prefix,
        },
        now(),
        options.judge,
      );
      for (const failed of report.failed) onError(`rollout ${failed.rolloutId} not judged`, failed.error);
      options.onTick?.({ ...report, instanceId, jobId: job.id ?? '' });
      return { confirmed: report.confirmed, judged: report.judged.length, changes: report.changes };
    },
  });
  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        await engine.close().catch(() => undefined);
        await connections.closeAll();
      })();
      return closing;
    },
  };
}
