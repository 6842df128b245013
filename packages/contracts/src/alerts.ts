import { z } from 'zod';
import { zId, zInstant } from './bounds';
import { JOB_QUEUES } from './jobs';
import { INGEST_EVENTS_QUEUE } from './live';
import { QOE_DIMENSIONS, QOE_METRICS } from './qoe';
import { zText } from './text';

/**
 * Alert rules, alerts and webhooks (`alerts.*` tRPC procedures). What each metric means and how a rule moves
 * from pending to firing to resolved: apps/api/src/alerts/README.md.
 */

export const ALERT_SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type TAlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_COMPARATORS = ['GT', 'GTE', 'LT', 'LTE'] as const;
export type TAlertComparator = (typeof ALERT_COMPARATORS)[number];
export const ALERT_COMPARATOR_SIGNS: Record<TAlertComparator, string> = {
  GT: '>',
  GTE: '≥',
  LT: '<',
  LTE: '≤',
};
export const ALERT_STATES = ['PENDING', 'FIRING', 'RESOLVED'] as const;
export type TAlertState = (typeof ALERT_STATES)[number];
export const ALERT_SOURCES = ['QOE', 'INGEST', 'PLATFORM', 'SHARING'] as const;
export type TAlertSource = (typeof ALERT_SOURCES)[number];

/** Ingest metrics, per channel: the longest a feed of it has been down, failovers per hour, QC findings. */
export const ALERT_INGEST_METRICS = ['feedDownSeconds', 'failoversPerHour', 'qcFindings'] as const;
/** The platform itself: the beacon spool's oldest unstored event, queue depth (waiting jobs), workers on a queue. */
export const ALERT_PLATFORM_METRICS = ['beaconSpoolAgeSeconds', 'queueDepth', 'workers'] as const;
/**
 * Sharing and restreaming over the whole fleet (the support page's signals, same thresholds): boxes whose URLs were
 * answered to ≥ 3 addresses, accounts above their stream limit, boxes pulling renditions in parallel, boxes
 * fetching segments for no session that sent QoE beacons.
 */
export const ALERT_SHARING_METRICS = [
  'boxesManyAddresses',
  'accountsOverLimit',
  'boxesParallelRenditions',
  'boxesWithoutBeacons',
] as const;
/** Queues a platform rule can watch (the worker's and the one apps/api consumes). */
export const ALERT_QUEUES = ['system', ...JOB_QUEUES, INGEST_EVENTS_QUEUE] as const;

export const ALERT_METRICS = {
  QOE: QOE_METRICS,
  INGEST: ALERT_INGEST_METRICS,
  PLATFORM: ALERT_PLATFORM_METRICS,
  SHARING: ALERT_SHARING_METRICS,
} as const;
type TFigureUnit = 'count' | 'ms' | 'share' | 's' | 'per hour';
/** Every alert metric in words with its unit, for alert messages (webhooks, the console). */
export const ALERT_METRIC_WORDS: Record<string, { label: string; unit: TFigureUnit }> = {
  attempts: { label: 'attempts', unit: 'count' },
  plays: { label: 'plays', unit: 'count' },
  concurrentPlays: { label: 'concurrent plays', unit: 'count' },
  videoStartTimeP50: { label: 'video start time p50', unit: 'ms' },
  videoStartTimeP95: { label: 'video start time p95', unit: 'ms' },
  zapTimeP50: { label: 'zap time p50', unit: 'ms' },
  zapTimeP95: { label: 'zap time p95', unit: 'ms' },
  rebufferingRatio: { label: 'rebuffering ratio', unit: 'share' },
  vsfRate: { label: 'video start failures', unit: 'share' },
  ebvsRate: { label: 'exits before video start', unit: 'share' },
  vpfRate: { label: 'playback failures', unit: 'share' },
  feedDownSeconds: { label: 'feed down for', unit: 's' },
  failoversPerHour: { label: 'failovers', unit: 'per hour' },
  qcFindings: { label: 'QC findings', unit: 'count' },
  beaconSpoolAgeSeconds: { label: 'oldest unstored beacon', unit: 's' },
  queueDepth: { label: 'jobs waiting', unit: 'count' },
  workers: { label: 'workers', unit: 'count' },
  boxesManyAddresses: { label: 'boxes fetching from 3 or more addresses', unit: 'count' },
  accountsOverLimit: { label: 'accounts above their stream limit', unit: 'count' },
  boxesParallelRenditions: { label: 'boxes pulling renditions in parallel', unit: 'count' },
  boxesWithoutBeacons: { label: 'boxes fetching segments without QoE beacons', unit: 'count' },
};

const grouped = (value: number, digits: number) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A metric's figure as people read it: "1,920 ms", "2.41 %", "700 s", "3 per hour". */
export function formatAlertFigure(metric: string, value: number): string {
  const unit = ALERT_METRIC_WORDS[metric]?.unit ?? 'count';
  if (unit === 'share') return `${grouped(value * 100, Math.abs(value) < 0.1 ? 2 : 1)} %`;
  const digits = Number.isInteger(value) ? 0 : 1;
  if (unit === 'ms') return `${grouped(Math.round(value), 0)} ms`;
  if (unit === 's') return `${grouped(Math.round(value), 0)} s`;
  if (unit === 'per hour') return `${grouped(value, digits)} per hour`;
  return grouped(value, digits);
}

/** What a rule of each source can filter and group by. */
export const ALERT_DIMENSIONS = {
  QOE: QOE_DIMENSIONS,
  INGEST: ['channelId'],
  PLATFORM: ['queue', 'instance'],
  SHARING: [],
} as const satisfies Record<TAlertSource, readonly string[]>;

/** The evaluation cadence: every rule is judged once per cycle. */
export const ALERT_EVALUATION_SECONDS = 30;

const zDimensionValues = z.array(zText(128).min(1, 'is required')).max(50, 'at most 50 values per dimension');

const ruleFields = {
  name: zText(120).trim().min(1, 'is required'),
  description: zText(1000, { multiline: true }).trim().optional(),
  source: z.enum(ALERT_SOURCES),
  metric: zText(40).min(1, 'is required'),
  comparator: z.enum(ALERT_COMPARATORS),
  threshold: z.number().finite(),
  clearThreshold: z.number().finite().nullable().default(null),
  windowSeconds: z
    .number()
    .int()
    .min(60, 'must be at least 60 seconds')
    .max(86_400, 'must be at most a day (86400 s)'),
  forSeconds: z.number().int().min(0).max(86_400, 'must be at most a day (86400 s)').default(0),
  minSamples: z.number().int().min(0).max(10_000_000).default(0),
  filters: z.record(zText(40), zDimensionValues).default({}),
  groupBy: zText(40).nullable().default(null),
  severity: z.enum(ALERT_SEVERITIES).default('WARNING'),
  enabled: z.boolean().default(true),
};

type TRuleShape = {
  source: TAlertSource;
  metric: string;
  comparator: TAlertComparator;
  threshold: number;
  clearThreshold: number | null;
  filters: Record<string, string[]>;
  groupBy: string | null;
};

/** The checks that need several fields: metric and dimensions of the source, a clear level on the good side. */
function ruleChecks(rule: TRuleShape, ctx: z.RefinementCtx) {
  const metrics: readonly string[] = ALERT_METRICS[rule.source];
  if (!metrics.includes(rule.metric)) {
    ctx.addIssue({ code: 'custom', path: ['metric'], message: `must be one of ${metrics.join(', ')}` });
  }
  const dimensions: readonly string[] = ALERT_DIMENSIONS[rule.source];
  for (const dimension of Object.keys(rule.filters)) {
    if (!dimensions.includes(dimension)) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters', dimension],
        message: `is not a dimension of ${rule.source} rules (${dimensions.join(', ')})`,
      });
    }
  }
  if (rule.groupBy !== null && !dimensions.includes(rule.groupBy)) {
    ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `must be one of ${dimensions.join(', ')}` });
  }
  if (rule.clearThreshold !== null) {
    const above = rule.comparator === 'GT' || rule.comparator === 'GTE';
    if (above ? rule.clearThreshold > rule.threshold : rule.clearThreshold < rule.threshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['clearThreshold'],
        message: above
          ? 'must be at or below the threshold (the alert clears below it)'
          : 'must be at or above the threshold (the alert clears above it)',
      });
    }
  }
}

export const ZAlertRuleInputSchema = z.strictObject(ruleFields).superRefine(ruleChecks);
export type TAlertRuleInput = z.input<typeof ZAlertRuleInputSchema>;
export type TAlertRule = z.output<typeof ZAlertRuleInputSchema>;

export const ZAlertRuleUpdateSchema = z.strictObject({ id: zId(), ...ruleFields }).superRefine(ruleChecks);

export const ZAlertRuleIdSchema = z.strictObject({ id: zId() });

/** Mute a rule until a time (null unmutes). */
export const ZAlertRuleMuteSchema = z.strictObject({
  id: zId(),
  until: zInstant().nullable(),
});

export const ZAlertAckSchema = z.strictObject({
  id: zId(),
  note: zText(1000, { multiline: true }).trim().optional(),
});

/** Alert history: newest first, filtered. */
export const ZAlertListSchema = z.strictObject({
  states: z.array(z.enum(ALERT_STATES)).max(3).optional(),
  severities: z.array(z.enum(ALERT_SEVERITIES)).max(3).optional(),
  ruleId: zId().optional(),
  acknowledged: z.boolean().optional(),
  from: zInstant().optional(),
  to: zInstant().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type TAlertListInput = z.input<typeof ZAlertListSchema>;

/** Alert transitions in a time range, for the QoE page's time axis. */
export const ZAlertTimelineSchema = z
  .strictObject({ from: zInstant(), to: zInstant() })
  .refine((range) => range.to > range.from, { message: 'must be after from', path: ['to'] });

const zWebhookUrl = zText(2000)
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an http:// or https:// URL',
  });

export const ZAlertWebhookInputSchema = z.strictObject({
  name: zText(120).trim().min(1, 'is required'),
  url: zWebhookUrl,
  minSeverity: z.enum(ALERT_SEVERITIES).default('INFO'),
  enabled: z.boolean().default(true),
});
export type TAlertWebhookInput = z.input<typeof ZAlertWebhookInputSchema>;

export const ZAlertWebhookUpdateSchema = z.strictObject({
  id: zId(),
  name: zText(120).trim().min(1, 'is required'),
  url: zWebhookUrl,
  minSeverity: z.enum(ALERT_SEVERITIES),
  enabled: z.boolean(),
});

export const ZAlertDeliveriesSchema = z.strictObject({
  webhookId: zId().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
