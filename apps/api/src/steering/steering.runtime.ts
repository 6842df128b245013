import { hostname } from 'node:os';
import { STEERING_EVALUATION_SECONDS } from '@keten/contracts';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TWebhookKeyring } from '../alerts/alerts.secrets';
import { queueFor } from '../jobs/jobs.queues';
import { blockingConnections, startRunOnce } from '../jobs/run-once';
import type { TSafeFetchPolicy } from '../lib/safe-fetch';
import { postAnnouncement, queueAnnouncements, STEERING_WEBHOOKS_QUEUE } from './steering.announce';
import { evaluateSteering, type TSteeringCycle } from './steering.cycle';

const DEFAULT_PREFIX = 'keten';
export const STEERING_QUEUE = 'steering';
export const STEERING_SCHEDULER_ID = 'steering-evaluate';
const WEBHOOK_BACKOFF_MS = 5000;

export interface TSteeringRuntimeOptions {
  prisma: PrismaClient;
  redis: Redis;
  clickhouse: TKetenClickHouse;
  prefix?: string | undefined;
  fetchPolicy?: TSafeFetchPolicy | undefined;
  /** Opens the webhooks' sealed signing secrets (../alerts/alerts.secrets.ts). */
  webhookKeys: TWebhookKeyring;
  instanceId?: string;
  /** Cycle length (tests shorten it); default 30 s. */
  everyMs?: number;
  webhookBackoffMs?: number;
  onCycle?: (report: TSteeringCycle & { instanceId: string; jobId: string }) => void;
  onError?: (message: string, error: unknown) => void;
}

export interface TSteeringRuntime {
  close(): Promise<void>;
}

/**
 * What every api replica runs, as the alerts do: one BullMQ job scheduler (idempotent upsert, so N replicas make one
 * job per cycle, taken by one of them), a Redis lock against a slow cycle overlapping the next, and the webhook worker.
 */
export async function startSteeringRuntime(options: TSteeringRuntimeOptions): Promise<TSteeringRuntime> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}`;
  const everyMs = options.everyMs ?? STEERING_EVALUATION_SECONDS * 1000;
  const backoffMs = options.webhookBackoffMs ?? WEBHOOK_BACKOFF_MS;
  const onError = options.onError ?? (() => undefined);
  const webhooks = queueFor(options.redis, prefix, STEERING_WEBHOOKS_QUEUE);
  const connections = blockingConnections(options.redis);
  const announce = (announcements: TSteeringCycle['announcements']) =>
    queueAnnouncements(options.prisma, webhooks, announcements, backoffMs);
  const evaluator = await startRunOnce({
    redis: options.redis,
    prefix,
    queue: STEERING_QUEUE,
    schedulerId: STEERING_SCHEDULER_ID,
    jobName: 'evaluate',
    everyMs,
    lockName: 'steering:evaluating',
    instanceId,
    label: 'steering evaluator',
    onError,
    connections,
    run: async (job) => {
      const report = await evaluateSteering(options, new Date());
      await announce(report.announcements);
      options.onCycle?.({ ...report, instanceId, jobId: job.id ?? '' });
      return { events: report.events.length };
    },
  });
  const deliverer = new Worker(
    STEERING_WEBHOOKS_QUEUE,
    async (job: Job<{ webhookId: string; body: string }>) => {
      const outcome = await postAnnouncement(options, job.data.webhookId, job.data.body);
      if (!outcome.delivered) throw new Error(outcome.error);
    },
    { connection: connections.open(), prefix, concurrency: 4 },
  );
  deliverer.on('error', (error) => onError('steering webhook worker error', error));

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        await Promise.allSettled([evaluator.close(), deliverer.close()]);
        await connections.closeAll();
      })();
      return closing;
    },
  };
}
