import { z } from 'zod';
import { zId } from './bounds';

/**
 * One edge's steering rule: it is avoided when, over the last `windowSeconds`, any figure is past its maximum
 * (the delivery figures once it answered `minRequests`, the sessions' QoE once it served `minSessions` sessions with
 * beacons). It is returned once it stayed within every maximum for `holdSeconds`. `probePercent` of its boxes stay
 * on it while avoided, so its recovery can be seen in its own records.
 */
export const ZSteeringRuleSchema = z.strictObject({
  maxErrorRate: z.number().min(0.001, 'at least 0.1 %').max(1, 'at most 100 %'),
  maxTtfbP95Ms: z.number().int().min(10, 'at least 10 ms').max(60_000, 'at most 60,000 ms'),
  maxSessionFailureRate: z.number().min(0.001, 'at least 0.1 %').max(1, 'at most 100 %'),
  maxRebufferingRatio: z.number().min(0.001, 'at least 0.1 %').max(1, 'at most 100 %'),
  minRequests: z.number().int().min(1, 'at least 1').max(1_000_000, 'at most 1,000,000'),
  minSessions: z.number().int().min(1, 'at least 1').max(100_000, 'at most 100,000'),
  windowSeconds: z.number().int().min(60, 'at least 60 s').max(3600, 'at most 3,600 s'),
  holdSeconds: z.number().int().min(0, 'at least 0 s').max(86_400, 'at most 86,400 s'),
  probePercent: z.number().min(0, 'at least 0 %').max(50, 'at most 50 %'),
});
export type TSteeringRule = z.infer<typeof ZSteeringRuleSchema>;

/** Defaults: an edge that fails 1 request in 20 or whose sessions fail or stall badly; the demo's worse edge is not. */
export const STEERING_RULE_DEFAULTS: TSteeringRule = {
  maxErrorRate: 0.05,
  maxTtfbP95Ms: 1000,
  maxSessionFailureRate: 0.1,
  maxRebufferingRatio: 0.05,
  minRequests: 200,
  minSessions: 10,
  windowSeconds: 180,
  holdSeconds: 300,
  probePercent: 5,
};

/** Steering is evaluated this often (one job among all api replicas). */
export const STEERING_EVALUATION_SECONDS = 30;
/** At most this share of the fleet's boxes changes edge per cycle (steered away and returned together). */
export const STEERING_MAX_MOVE_PERCENT = 10;

const zBaseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://ams-1.cdn.example.net' })
  .max(300, 'at most 300 characters')
  .refine((url) => !url.endsWith('/'), 'leave out the trailing slash')
  .refine((url) => !/[?#]/.test(url), 'no query or fragment');

/** What an administrator sets on an edge for steering: where its boxes fetch media, its weight, its rule. */
export const ZEdgeSteeringUpdateSchema = z.strictObject({
  id: zId(),
  baseUrl: zBaseUrl.nullable(),
  weight: z.number().int().min(0, 'at least 0').max(10_000, 'at most 10,000'),
  rule: ZSteeringRuleSchema.partial(),
});
export type TEdgeSteeringUpdate = z.infer<typeof ZEdgeSteeringUpdateSchema>;

/** An operator's hand: avoid an edge until undone (`note` says why), or return it now. */
export const ZEdgeAvoidSchema = z.strictObject({
  id: zId(),
  note: z.string().trim().min(1, 'say why').max(300, 'at most 300 characters'),
});
export const ZEdgeReturnSchema = z.strictObject({ id: zId() });
