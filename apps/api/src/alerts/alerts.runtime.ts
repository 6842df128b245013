import { hostname } from 'node:os';
import { ALERT_EVALUATION_SECONDS } from '@keten/contracts';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { type Job, type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueFor } from '../jobs/jobs.queues';
import { blockingConnections, startRunOnce } from '../jobs/run-once';
import type { TSafeFetchPolicy } from '../lib/safe-fetch';
import { evaluateAlerts, type TCycleReport } from './alerts.evaluate';
import { sealStoredWebhookSecrets, type TWebhookKeyring } from './alerts.secrets';
import { publishSpoolAge } from './alerts.spool';
import { attemptDelivery } from './alerts.webhooks';

const DEFAULT_PREFIX = 'keten';
/** The evaluation queue: one BullMQ job scheduler adds a job every cycle, whichever replica takes it runs it. */
export const ALERTS_QUEUE = 'alerts';
export const ALERTS_SCHEDULER_ID = 'alerts-evaluate';
export const ALERT_WEBHOOKS_QUEUE = 'alert-webhooks';
/** A webhook message is tried this often, waiting 5, 10, 20, 40, 80 s between tries (exponential backoff). */
export const WEBHOOK_ATTEMPTS = 6;
const WEBHOOK_BACKOFF_MS = 5000;
const SPOOL_PUBLISH_MS = 10_000;
/** A delivery not tried this long after it was written has lost its job. */
const STRANDED_MS = 120_000;

function addDeliveryJobs(webhooks: Queue, ids: readonly string[], backoffMs = WEBHOOK_BACKOFF_MS) {
  return webhooks.addBulk(
    ids.map((deliveryId) => ({
      name: 'deliver',
      data: { deliveryId },
      opts: {
        jobId: deliveryId,
        attempts: WEBHOOK_ATTEMPTS,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      },
    })),
  );
}

/**
 * Queues deliveries written outside an evaluation cycle (rollout state changes) for the webhook worker of whichever
 * replica runs one. Same job options; the job id is the delivery id, so a delivery is never queued twice.
 */
export async function queueAlertDeliveries(
  redis: Redis,
  ids: readonly string[],
  prefix = DEFAULT_PREFIX,
  backoffMs?: number,
): Promise<void> {
  if (ids.length === 0) return;
  await addDeliveryJobs(queueFor(redis, prefix, ALERT_WEBHOOKS_QUEUE), ids, backoffMs);
}

export interface TAlertsRuntimeOptions {
  prisma: PrismaClient;
  redis: Redis;
  clickhouse: TKetenClickHouse;
  prefix?: string | undefined;
  fetchPolicy?: TSafeFetchPolicy | undefined;
  /** Opens the webhooks' sealed signing secrets (alerts.secrets.ts); the first key seals. */
  webhookKeys: TWebhookKeyring;
  /** This replica's name in the spool-age figures; default host:pid. */
  instanceId?: string;
  /** Cycle length (tests shorten it); default 30 s. */
  everyMs?: number;
  webhookBackoffMs?: number;
  /** This replica's beacon spool: age in seconds of its oldest unstored event (absent when it has no spool). */
  spoolAgeSeconds?: () => number;
  onCycle?: (report: TCycleReport & { instanceId: string; jobId: string }) => void;
  onError?: (message: string, error: unknown) => void;
}

export interface TAlertsRuntime {
  close(): Promise<void>;
}

/**
 * What every api replica runs: it upserts the one job scheduler (idempotent: N replicas still make one job per
 * cycle), consumes evaluation jobs (each job is taken by exactly one replica; a Redis lock also keeps a slow cycle
 * from overlapping the next), delivers webhook messages with retries, and publishes its spool age.
 */
export async function startAlertsRuntime(options: TAlertsRuntimeOptions): Promise<TAlertsRuntime> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}`;
  const everyMs = options.everyMs ?? ALERT_EVALUATION_SECONDS * 1000;
  const onError = options.onError ?? (() => undefined);
  // Plain-text secrets from before encryption, or sealed with an older key: sealed with the current key first.
  const { unreadable } = await sealStoredWebhookSecrets(options.prisma, options.webhookKeys);
  if (unreadable > 0)
    onError(
      `${unreadable} webhook signing secret(s) open with no key of WEBHOOK_SECRET_KEY: recreate those webhooks`,
      null,
    );
  const webhooks = queueFor(options.redis, prefix, ALERT_WEBHOOKS_QUEUE);
  const connections = blockingConnections(options.redis);
  const evaluator = await startRunOnce({
    redis: options.redis,
    prefix,
    queue: ALERTS_QUEUE,
    schedulerId: ALERTS_SCHEDULER_ID,
    jobName: 'evaluate',
    everyMs,
    lockName: 'alerts:evaluating',
    instanceId,
    label: 'alert evaluator',
    onError,
    connections,
    run: async (job) => {
      const report = await evaluateAlerts(
        {
          prisma: options.prisma,
          clickhouse: options.clickhouse,
          redis: options.redis,
          queuePrefix: prefix,
        },
        new Date(),
      );
      // Deliveries written but never queued (a crash between the commit and the queue): queued again, same job id.
      const stranded = await options.prisma.alertDelivery.findMany({
        where: { status: 'PENDING', attempts: 0, createdAt: { lt: new Date(Date.now() - STRANDED_MS) } },
        select: { id: true },
        take: 100,
      });
      const owed = [...report.deliveryIds, ...stranded.map((delivery) => delivery.id)];
      if (owed.length > 0) await queueDeliveries(owed);
      for (const failed of report.failedRules)
        onError(`alert rule ${failed.ruleId} not evaluated`, failed.error);
      options.onCycle?.({ ...report, instanceId, jobId: job.id ?? '' });
      return { ...report, deliveryIds: report.deliveryIds.length };
    },
  });

  const queueDeliveries = (ids: string[]) => addDeliveryJobs(webhooks, ids, options.webhookBackoffMs);

  const deliverer = new Worker(
    ALERT_WEBHOOKS_QUEUE,
    async (job: Job<{ deliveryId: string }>) => {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const outcome = await attemptDelivery(options, job.data.deliveryId, final);
      if (!outcome.delivered && !outcome.gone) throw new Error(outcome.error);
    },
    { connection: connections.open(), prefix, concurrency: 4 },
  );
  deliverer.on('error', (error) => onError('alert webhook worker error', error));

  const { spoolAgeSeconds } = options;
  const publish = () =>
    spoolAgeSeconds
      ? publishSpoolAge(options.redis, prefix, instanceId, spoolAgeSeconds()).catch((error: unknown) =>
          onError('spool age not published', error),
        )
      : undefined;
  void publish();
  const publisher = spoolAgeSeconds ? setInterval(publish, SPOOL_PUBLISH_MS) : null;
  publisher?.unref();

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        if (publisher) clearInterval(publisher);
        // The scheduler stays: the other replicas keep evaluating.
        await Promise.allSettled([evaluator.close(), deliverer.close()]);
        await connections.closeAll();
      })();
      return closing;
    },
  };
}
