import {
  ALERT_QUEUES,
  QOE_DIMENSIONS,
  type TAlertSource,
  type TQoeDimension,
  type TQoeFilters,
  type TQoeMetric,
} from '@keten/contracts';
import {
  emptyQoeSums,
  qoeValues,
  readIngestAlertFigures,
  readQoeConcurrency,
  readQoeRollup,
  readSharingAlertFacts,
  type TIngestAlertFigures,
  type TKetenClickHouse,
  type TQoeSums,
} from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { SHARING_THRESHOLDS } from '../delivery/sharing-signals';
import { queueFor } from '../jobs/jobs.queues';
import { readSpoolAges } from './alerts.spool';
import type { TFigure } from './alerts.state';

/** A rule as the figures need it. */
export interface TFigureRule {
  source: TAlertSource;
  metric: string;
  windowSeconds: number;
  filters: Record<string, string[]>;
  groupBy: string | null;
}

/** One group of a rule in one cycle: '' is the whole rule when it is not grouped. */
export interface TGroupFigure extends TFigure {
  groupKey: string;
  dimensions: Record<string, string>;
}

export interface TFigureDeps {
  clickhouse: TKetenClickHouse;
  redis: Redis;
  queuePrefix: string | undefined;
  /** Accounts' stream limits (SHARING accountsOverLimit). */
  prisma?: PrismaClient;
}

const MINUTE = 60;

/** What a QoE metric's sample is: attempts for start failures/exits, zaps for zap time, plays for the rest. */
function qoeSamples(metric: TQoeMetric, sums: TQoeSums): number {
  if (metric === 'attempts' || metric === 'vsfRate' || metric === 'ebvsRate') return sums.attempts;
  if (metric === 'zapTimeP50' || metric === 'zapTimeP95') return sums.zaps;
  return sums.plays;
}

const needsPercentiles = (metric: string) => /P(50|95)$/.test(metric);

/**
 * The window a cycle at `now` reads: whole minutes ending with the last complete one (the minute rollups' grain;
 * a minute still filling would read low).
 */
export function alertWindow(now: Date, windowSeconds: number) {
  const to = Math.floor(now.getTime() / 1000 / MINUTE) * MINUTE;
  const from = to - Math.ceil(windowSeconds / MINUTE) * MINUTE;
  return { from, to };
}

function qoeFilters(filters: Record<string, string[]>): TQoeFilters {
  const out: TQoeFilters = {};
  for (const dimension of QOE_DIMENSIONS) {
    const values = filters[dimension];
    if (values && values.length > 0) out[dimension] = values;
  }
  return out;
}

async function qoeFigures(deps: TFigureDeps, rule: TFigureRule, now: Date): Promise<TGroupFigure[]> {
  const { from, to } = alertWindow(now, rule.windowSeconds);
  const metric = rule.metric as TQoeMetric;
  const dimension = (rule.groupBy ?? undefined) as TQoeDimension | undefined;
  const filters = qoeFilters(rule.filters);
  const span = { from, to, origin: from, bucketSeconds: to - from, filters, dimension };
  const dimensionsOf = (value: string): Record<string, string> => (dimension ? { [dimension]: value } : {});
  if (metric === 'concurrentPlays') {
    const points = await readQoeConcurrency(deps.clickhouse.client, { ...span, sampleSeconds: MINUTE });
    if (!dimension) {
      const peak = points[0]?.peak ?? 0;
      return [{ groupKey: '', dimensions: {}, value: peak, samples: peak }];
    }
    return points.map((point) => ({
      groupKey: point.value,
      dimensions: dimensionsOf(point.value),
      value: point.peak,
      samples: point.peak,
    }));
  }
  const rows = await readQoeRollup(deps.clickhouse.client, {
    ...span,
    resolution: 'minute',
    percentiles: needsPercentiles(metric),
  });
  const figureOf = (sums: TQoeSums) => ({
    value: qoeValues(sums)[metric as Exclude<TQoeMetric, 'concurrentPlays'>],
    samples: qoeSamples(metric, sums),
  });
  if (!dimension) return [{ groupKey: '', dimensions: {}, ...figureOf(rows[0] ?? emptyQoeSums()) }];
  return rows.map((row) => ({ groupKey: row.value, dimensions: dimensionsOf(row.value), ...figureOf(row) }));
}

const INGEST_VALUE: Record<string, (figure: TIngestAlertFigures, windowSeconds: number) => number> = {
  feedDownSeconds: (figure) => figure.feedDownSeconds,
  failoversPerHour: (figure, windowSeconds) => (figure.failovers * 3600) / windowSeconds,
  qcFindings: (figure) => figure.qcFindings,
};

async function ingestFigures(deps: TFigureDeps, rule: TFigureRule, now: Date): Promise<TGroupFigure[]> {
  const from = new Date(now.getTime() - rule.windowSeconds * 1000);
  const figures = await readIngestAlertFigures(deps.clickhouse.client, {
    from,
    to: now,
    channelIds: rule.filters.channelId ?? [],
  });
  const metricOf = INGEST_VALUE[rule.metric] ?? (() => 0);
  if (rule.groupBy === 'channelId') {
    return figures.map((figure) => ({
      groupKey: figure.channelId,
      dimensions: { channelId: figure.channelId },
      value: metricOf(figure, rule.windowSeconds),
      samples: 1,
    }));
  }
  // The whole rule: the longest-down feed, or the sums over the channels.
  const values = figures.map((figure) => metricOf(figure, rule.windowSeconds));
  const value =
    rule.metric === 'feedDownSeconds' ? Math.max(0, ...values) : values.reduce((sum, each) => sum + each, 0);
  return [{ groupKey: '', dimensions: {}, value, samples: 1 }];
}

async function platformFigures(deps: TFigureDeps, rule: TFigureRule, now: Date): Promise<TGroupFigure[]> {
  let groups: { key: string; dimension: 'queue' | 'instance'; value: number }[];
  if (rule.metric === 'beaconSpoolAgeSeconds') {
    const ages = await readSpoolAges(deps.redis, deps.queuePrefix, now);
    const wanted = rule.filters.instance;
    groups = ages
      .filter((age) => !wanted || wanted.length === 0 || wanted.includes(age.instance))
      .map((age) => ({ key: age.instance, dimension: 'instance', value: age.ageSeconds }));
  } else {
    const wanted = rule.filters.queue;
    const queues = ALERT_QUEUES.filter((queue) => !wanted || wanted.length === 0 || wanted.includes(queue));
    groups = await Promise.all(
      queues.map(async (name) => {
        const queue = queueFor(deps.redis, deps.queuePrefix, name);
        const value =
          rule.metric === 'workers'
            ? (await queue.getWorkers()).length
            : ((await queue.getJobCounts('waiting')).waiting ?? 0);
        return { key: name, dimension: 'queue' as const, value };
      }),
    );
  }
  if (rule.groupBy) {
    return groups.map((group) => ({
      groupKey: group.key,
      dimensions: { [group.dimension]: group.key },
      value: group.value,
      samples: 1,
    }));
  }
  const values = groups.map((group) => group.value);
  const value =
    rule.metric === 'beaconSpoolAgeSeconds'
      ? Math.max(0, ...values)
      : values.reduce((sum, each) => sum + each, 0);
  return [{ groupKey: '', dimensions: {}, value, samples: 1 }];
}

/**
 * Sharing over the fleet: how many boxes (or accounts) show a support-page signal over the window, with the
 * support page's thresholds; the sample is the boxes that fetched media in the window.
 */
async function sharingFigures(deps: TFigureDeps, rule: TFigureRule, now: Date): Promise<TGroupFigure[]> {
  const { from, to } = alertWindow(now, rule.windowSeconds);
  const overLimit = rule.metric === 'accountsOverLimit';
  const facts = await readSharingAlertFacts(deps.clickhouse.client, {
    from: from * 1000,
    to: to * 1000,
    accounts: overLimit,
    thresholds: {
      addresses: SHARING_THRESHOLDS.addressesPerBox,
      minWindows: SHARING_THRESHOLDS.minWindows,
      parallelShare: SHARING_THRESHOLDS.parallelRenditionsShare,
      minSegments: SHARING_THRESHOLDS.minSegments,
      unbeaconedShare: SHARING_THRESHOLDS.unbeaconedShare,
    },
  });
  let value: number;
  if (overLimit) {
    if (!deps.prisma) throw new Error('accountsOverLimit needs the accounts store');
    const limits = await deps.prisma.subscriber.findMany({
      where: { id: { in: facts.accounts.map((account) => account.subscriber_id) } },
      select: { id: true, maxConcurrentStreams: true },
    });
    const limitOf = new Map(limits.map((account) => [account.id, account.maxConcurrentStreams]));
    value = facts.accounts.filter((account) => {
      const limit = limitOf.get(account.subscriber_id);
      return account.refused_n > 0 || (limit !== undefined && account.max_boxes_n > limit);
    }).length;
  } else {
    value =
      {
        boxesManyAddresses: facts.boxes.many_addresses_n,
        boxesParallelRenditions: facts.boxes.parallel_renditions_n,
        boxesWithoutBeacons: facts.boxes.without_beacons_n,
      }[rule.metric] ?? 0;
  }
  return [{ groupKey: '', dimensions: {}, value, samples: facts.boxes.boxes_n }];
}

/** Every group's figure for `rule` at `now`. */
export function ruleFigures(deps: TFigureDeps, rule: TFigureRule, now: Date): Promise<TGroupFigure[]> {
  if (rule.source === 'QOE') return qoeFigures(deps, rule, now);
  if (rule.source === 'INGEST') return ingestFigures(deps, rule, now);
  if (rule.source === 'SHARING') return sharingFigures(deps, rule, now);
  return platformFigures(deps, rule, now);
}
