import {
  ALERT_COMPARATOR_SIGNS,
  ALERT_METRIC_WORDS,
  ALERT_METRICS,
  formatAlertFigure,
  type TAlertComparator,
} from '@keten/contracts';
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { AlertRule, Prisma, PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { ruleFigures, type TGroupFigure } from './alerts.figures';
import { notifyTransition } from './alerts.notify';
import { nextStep, type TOpenAlert } from './alerts.state';
import { dimensionText, type TChannelNames } from './alerts.words';

export interface TEvaluateDeps {
  prisma: PrismaClient;
  clickhouse: TKetenClickHouse;
  redis: Redis;
  queuePrefix: string | undefined;
}

export interface TCycleReport {
  rules: number;
  groups: number;
  pending: number;
  fired: number;
  resolved: number;
  dropped: number;
  /** Rules whose figures could not be read this cycle (their alerts are left as they were). */
  failedRules: { ruleId: string; error: string }[];
  /** Webhook deliveries created this cycle (their jobs are queued). */
  deliveryIds: string[];
  /** Wall time of the cycle, and the sum over rules of the time their figures took to read. */
  ms: number;
  readMs: number;
}

// Rules read in parallel: chDB runs queries off the event loop, PostgreSQL writes are small.
const PARALLEL_RULES = 4;

/** "Slow starts on Kaon firmware: video start time p50 1,920 ms (> 1,200 ms) · firmware 2.0.0". */
export function alertMessage(
  rule: Pick<AlertRule, 'name' | 'metric' | 'comparator' | 'threshold'>,
  value: number,
  dimensions: Record<string, string>,
  channels: TChannelNames = new Map(),
) {
  const sign = ALERT_COMPARATOR_SIGNS[rule.comparator as TAlertComparator];
  const label = ALERT_METRIC_WORDS[rule.metric]?.label ?? rule.metric;
  const figure = (x: number) => formatAlertFigure(rule.metric, x);
  const group = Object.keys(dimensions).length > 0 ? ` · ${dimensionText(dimensions, channels)}` : '';
  return `${rule.name}: ${label} ${figure(value)} (${sign} ${figure(rule.threshold)})${group}`;
}

const worse = (comparator: string, a: number, b: number) =>
  comparator === 'LT' || comparator === 'LTE' ? Math.min(a, b) : Math.max(a, b);

/**
 * One evaluation cycle at `now`: every enabled rule's groups through the state machine (alerts.state.ts); each
 * transition and its webhook deliveries written in one transaction. The scheduler calls it once per 30 s cycle;
 * tests call it with their own clock.
 */
export async function evaluateAlerts(
  deps: TEvaluateDeps,
  now: Date,
  options: { parallel?: number } = {},
): Promise<TCycleReport> {
  const started = performance.now();
  const rules = await deps.prisma.alertRule.findMany({ where: { enabled: true }, orderBy: { name: 'asc' } });
  const openEvents = await deps.prisma.alertEvent.findMany({
    where: { state: { in: ['PENDING', 'FIRING'] }, ruleId: { in: rules.map((rule) => rule.id) } },
  });
  const report: TCycleReport = {
    rules: rules.length,
    groups: 0,
    pending: 0,
    fired: 0,
    resolved: 0,
    dropped: 0,
    failedRules: [],
    deliveryIds: [],
    ms: 0,
    readMs: 0,
  };
  const queue = [...rules];
  const run = async () => {
    for (let rule = queue.shift(); rule; rule = queue.shift()) {
      let figures: TGroupFigure[];
      const metrics: readonly string[] = ALERT_METRICS[rule.source];
      if (!metrics.includes(rule.metric)) {
        report.failedRules.push({ ruleId: rule.id, error: `unknown ${rule.source} metric ${rule.metric}` });
        continue;
      }
      const readStarted = performance.now();
      try {
        figures = await ruleFigures(
          deps,
          { ...rule, filters: (rule.filters ?? {}) as Record<string, string[]> },
          now,
        );
      } catch (error) {
        report.failedRules.push({
          ruleId: rule.id,
          error: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      report.readMs += performance.now() - readStarted;
      const open = openEvents.filter((event) => event.ruleId === rule.id);
      await applyRule(deps, rule, figures, open, now, report);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? PARALLEL_RULES }, run));
  report.ms = Math.round(performance.now() - started);
  report.readMs = Math.round(report.readMs);
  return report;
}

type TOpenEvent = Awaited<ReturnType<PrismaClient['alertEvent']['findMany']>>[number];

async function applyRule(
  deps: TEvaluateDeps,
  rule: AlertRule,
  figures: TGroupFigure[],
  open: TOpenEvent[],
  now: Date,
  report: TCycleReport,
) {
  const byKey = new Map(figures.map((figure) => [figure.groupKey, figure]));
  const openByKey = new Map(open.map((event) => [event.groupKey, event]));
  const keys = new Set([...byKey.keys(), ...openByKey.keys()]);
  report.groups += keys.size;
  const channels = await knownChannels(deps.prisma, figures);
  // Refreshes of open alerts and dropped pending ones: one transaction per rule (one commit, not one per group).
  const quiet: Prisma.PrismaPromise<unknown>[] = [];
  for (const key of keys) {
    const figure = byKey.get(key) ?? null;
    const event = openByKey.get(key) ?? null;
    const openAlert: TOpenAlert | null = event
      ? {
          state: event.state as 'PENDING' | 'FIRING',
          pendingAt: event.pendingAt,
          clearingSince: event.clearingSince,
        }
      : null;
    const step = nextStep(rule, openAlert, figure, now);
    if (step.kind === 'none') continue;
    const value = figure?.value ?? event?.value ?? 0;
    const dimensions = figure?.dimensions ?? ((event?.dimensions ?? {}) as Record<string, string>);
    const latest = {
      value,
      samples: figure?.samples ?? 0,
      lastEvaluatedAt: now,
      ...(event ? { peakValue: worse(rule.comparator, event.peakValue, value) } : {}),
    };
    if (step.kind === 'pending' || (step.kind === 'fire' && !event)) {
      const firing = step.kind === 'fire';
      const created = await deps.prisma.$transaction(async (tx) => {
        const row = await tx.alertEvent.create({
          data: {
            ruleId: rule.id,
            groupKey: key,
            state: firing ? 'FIRING' : 'PENDING',
            severity: rule.severity,
            value,
            peakValue: value,
            samples: figure?.samples ?? 0,
            threshold: rule.threshold,
            dimensions,
            message: alertMessage(rule, value, dimensions, channels),
            channelId:
              dimensions.channelId && channels.has(dimensions.channelId) ? dimensions.channelId : null,
            pendingAt: now,
            firedAt: firing ? now : null,
            lastEvaluatedAt: now,
          },
        });
        return firing
          ? { row, deliveries: await notifyTransition(tx, rule, row.id, 'FIRING', now) }
          : { row, deliveries: [] };
      });
      report.deliveryIds.push(...created.deliveries);
      if (firing) report.fired++;
      else report.pending++;
      continue;
    }
    if (!event) continue;
    if (step.kind === 'drop') {
      quiet.push(deps.prisma.alertEvent.delete({ where: { id: event.id } }));
      report.dropped++;
    } else if (step.kind === 'hold') {
      quiet.push(
        deps.prisma.alertEvent.update({
          where: { id: event.id },
          data: { ...latest, clearingSince: step.clearingSince },
        }),
      );
    } else {
      const transition = step.kind === 'fire' ? 'FIRING' : 'RESOLVED';
      const deliveries = await deps.prisma.$transaction(async (tx) => {
        await tx.alertEvent.update({
          where: { id: event.id },
          data: {
            ...latest,
            state: transition,
            ...(transition === 'FIRING'
              ? { firedAt: now, message: alertMessage(rule, value, dimensions, channels) }
              : { resolvedAt: now, clearingSince: null }),
          },
        });
        return notifyTransition(tx, rule, event.id, transition, now);
      });
      report.deliveryIds.push(...deliveries);
      if (transition === 'FIRING') report.fired++;
      else report.resolved++;
    }
  }
  if (quiet.length > 0) await deps.prisma.$transaction(quiet);
}

/** Channel ids among the groups that PostgreSQL knows (an alert links to its channel only then). */
/** The channels the groups name that exist, with their name and number (for the alert's link and its message). */
async function knownChannels(prisma: PrismaClient, figures: TGroupFigure[]): Promise<TChannelNames> {
  const ids = [
    ...new Set(figures.map((figure) => figure.dimensions.channelId).filter((id) => id !== undefined)),
  ];
  if (ids.length === 0) return new Map();
  const found = await prisma.channel.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, lcn: true },
  });
  return new Map(found.map((channel) => [channel.id, { name: channel.name, lcn: channel.lcn }]));
}
