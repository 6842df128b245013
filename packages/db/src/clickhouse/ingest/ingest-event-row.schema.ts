import { INGEST_EVENT_KINDS } from '@keten/contracts';
import { z } from 'zod';

/** `toString` of a DateTime64(3, 'UTC') column (`2026-01-02 03:04:05.678`) as ISO text. */
const zUtcText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/)
  .transform((text) => new Date(`${text.replace(' ', 'T')}Z`).toISOString());

const zDetailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const zDetailText = z.string().transform((text) => {
  const parsed = z.record(z.string(), zDetailValue).safeParse(safeJson(text));
  return parsed.success ? parsed.data : {};
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A row of channel-ingest-timeline.sql as ClickHouse returns it. */
export const ZIngestTimelineRowSchema = z.object({
  id: z.uuid(),
  channel: z.string(),
  kind_latest: z.enum(INGEST_EVENT_KINDS),
  source_latest: z.string().nullable(),
  from_source_latest: z.string().nullable(),
  started_text: zUtcText,
  // toString(NULL) is NULL.
  ended_text: zUtcText.nullable(),
  cause_latest: z.string(),
  detail_latest: zDetailText,
  recorded_text: zUtcText,
});

/** A row of channel-ingest-counts.sql. */
export const ZIngestCountRowSchema = z.object({
  kind: z.enum(INGEST_EVENT_KINDS),
  findings: z.number().int().nonnegative(),
});

export const INGEST_TIMELINE_MAX_LIMIT = 5_000;

export const ZChannelIngestTimelineInputSchema = z
  .object({
    channelId: z.string().min(1),
    from: z.date(),
    to: z.date(),
    limit: z.number().int().min(1).max(INGEST_TIMELINE_MAX_LIMIT).default(500),
  })
  .refine((input) => input.to > input.from, { message: 'must be after from', path: ['to'] });
export type TChannelIngestTimelineInput = z.input<typeof ZChannelIngestTimelineInputSchema>;

/** One finding as it stands now (its latest copy). ISO times; endedAt null while it lasts or for an instant. */
export type TIngestTimelineEvent = {
  id: string;
  kind: (typeof INGEST_EVENT_KINDS)[number];
  channelId: string;
  sourceId: string | null;
  fromSourceId: string | null;
  startedAt: string;
  endedAt: string | null;
  cause: string;
  detail: Record<string, string | number | boolean | null>;
  recordedAt: string;
};
