import { z } from 'zod';
import { BEACON_TIME_RANGE } from './beacons';
import { zId, zInstant } from './bounds';
import { zText } from './text';

/** What an edge says it did with a request (its cache's verdict); the origin's own records say ORIGIN. */
export const CDN_CACHE_STATUSES = ['HIT', 'MISS', 'STALE', 'EXPIRED', 'BYPASS', 'ERROR'] as const;
export type TCdnCacheStatus = (typeof CDN_CACHE_STATUSES)[number];

/** Lines per POST /v1/edge-logs body; an edge sends a bigger log in several requests. */
export const EDGE_LOG_MAX_LINES = 10_000;
/** Per-line problems listed in the report; the rest are counted. */
export const EDGE_LOG_MAX_REPORTED = 100;

/**
 * One line of an edge's NDJSON log (apps/api/src/delivery/README.md): one request the edge answered. The edge id
 * comes from its token, never from the line. `url` is the request's path and query as the box sent it, so the
 * origin reads the channel, rendition, device (`dev`), subscriber (`sub`) and CMCD (`CMCD=`) from it.
 */
export const ZEdgeLogLineSchema = z.strictObject({
  time: z
    .union([
      z
        .number()
        .int()
        .min(BEACON_TIME_RANGE.min, 'must be epoch milliseconds')
        .lt(BEACON_TIME_RANGE.max, 'must be epoch milliseconds'),
      z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone' }),
    ])
    .describe(
      'When the request arrived: epoch ms or ISO 8601; 7 days back to 10 minutes ahead of the origin',
    ),
  url: zText(4096)
    .regex(
      /^\/media\/(live|vod)\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}\//,
      'must be a /media/live/… or /media/vod/… path',
    )
    .describe('Path and query as requested, e.g. /media/live/npo-1/v0/seg12.ts?kid=…&dev=…&CMCD=…'),
  status: z.number().int().min(100).max(599),
  bytes: z.number().int().min(0).max(1e12).describe('Body bytes sent to the client'),
  ttfbMs: z.number().min(0).max(3_600_000).describe('Request received to first byte sent'),
  durationMs: z.number().min(0).max(3_600_000).optional().describe('Request received to last byte sent'),
  cacheStatus: z.enum(CDN_CACHE_STATUSES),
  clientIp: z.union([z.ipv4(), z.ipv6()]),
  cmcd: zText(1024)
    .optional()
    .describe('CMCD the client sent as headers (CMCD-Session and CMCD-Object joined with a comma)'),
});
export type TEdgeLogLine = z.infer<typeof ZEdgeLogLineSchema>;

export const ZEdgeLogProblemSchema = z.object({
  line: z.number().int().describe('1-based line number in the body'),
  field: z.string().describe('the field that was refused, or "line" for a line that is not a JSON object'),
  message: z.string(),
});

/** The answer to an edge log: what was stored, and each refused line with its reason. */
export const ZEdgeLogReportSchema = z.object({
  accepted: z.number().int(),
  refused: z.number().int(),
  problems: z.array(ZEdgeLogProblemSchema).describe(`the first ${EDGE_LOG_MAX_REPORTED} refused lines`),
});
export type TEdgeLogReport = z.infer<typeof ZEdgeLogReportSchema>;

/** Edge ids as they appear in records and URLs: lower case letters, digits, dots and dashes. */
export const ZCdnEdgeNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, 'use 1–63 lower-case letters, digits, dots or dashes, e.g. ams-1');

export const ZCdnEdgeCreateSchema = z.strictObject({
  name: ZCdnEdgeNameSchema,
  location: zText(120).default(''),
});
export type TCdnEdgeCreateInput = z.infer<typeof ZCdnEdgeCreateSchema>;

export const ZCdnEdgeIdSchema = z.strictObject({ id: zId() });
export type TCdnEdgeIdInput = z.infer<typeof ZCdnEdgeIdSchema>;

/** Longest range the delivery view reads: delivery_events_v2 keeps 30 days. */
export const DELIVERY_MAX_RANGE_DAYS = 30;
export const DELIVERY_GROUPS = ['edge', 'channel', 'rendition'] as const;

/** The delivery view: per edge, or one edge (`edge`; '-' = the origin answering boxes directly) by channel or rendition. */
export const ZDeliveryViewInputSchema = z
  .strictObject({
    from: zInstant(),
    to: zInstant(),
    group: z.enum(DELIVERY_GROUPS).default('edge'),
    edge: z
      .string()
      .regex(/^(-|[a-z0-9][a-z0-9.-]{0,62})?$/, 'must be an edge id, or - for the origin')
      .default(''),
  })
  .superRefine((range, ctx) => {
    if (range.to <= range.from) ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'] });
    else if (range.to.getTime() - range.from.getTime() > DELIVERY_MAX_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${DELIVERY_MAX_RANGE_DAYS} days after from`,
        path: ['to'],
      });
    }
  });
export type TDeliveryViewInput = z.input<typeof ZDeliveryViewInputSchema>;

/** The support page's sharing and restreaming signals for one subscriber (and its boxes), over the last hours. */
export const ZSharingSignalsInputSchema = z.strictObject({
  subscriberId: zId(),
  hours: z.number().int().min(1).max(168).default(24),
});
export type TSharingSignalsInput = z.input<typeof ZSharingSignalsInputSchema>;
