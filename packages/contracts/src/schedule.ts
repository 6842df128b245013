import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, instantInRange, zCalendarDate, zId } from './bounds';
import { parseAmsterdamTime } from './schedule-time';
import { zText } from './text';

/** An Amsterdam wall-clock time as typed by an operator, turned into the UTC instant it names. */
export const ZAmsterdamTimeSchema = zText(40)
  .trim()
  .min(1, 'is required')
  .transform((text, ctx) => {
    const result = parseAmsterdamTime(text);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, input: text });
    else if (!instantInRange(result.instant))
      ctx.addIssue({ code: 'custom', message: INSTANT_RANGE_MESSAGE, input: text });
    else return result.instant;
    return z.NEVER;
  });

/** A schedule day, "YYYY-MM-DD": a real calendar date (2026-13-45 is refused, not a 500). */
export const ZScheduleDateSchema = zCalendarDate();

export const PROGRAMME_AGE_RATINGS = ['AL', '6', '9', '12', '14', '16', '18'] as const;

// Empty form fields mean "not set". The bound keeps the form's own message; zText checks what is left.
const optionalText = (max: number, options: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .pipe(zText(max, options))
    .optional()
    .transform((v) => (v ? v : undefined));
const optionalCount = z.number().int().min(0).max(9999).optional();

// Object refinements also run when a field already failed (its value then is not a Date): judge only real dates.
const bothDates = (a: unknown, b: unknown) => a instanceof Date && b instanceof Date;
const endAfterStart = <T extends { start: Date; end: Date }>(value: T) =>
  !bothDates(value.start, value.end) || value.end > value.start;
const END_AFTER_START = { path: ['end'], message: 'must be after the start' };

/**
 * The longest programme the schedule takes without an explicit override. A day covers every real linear slot
 * (a 24-hour live event, an all-night loop); anything longer is almost always a typo in a year or a missing stop
 * time, and one such row blocks its channel's whole span for every later entry and import.
 */
export const PROGRAMME_MAX_HOURS = 24;
const PROGRAMME_MAX_MS = PROGRAMME_MAX_HOURS * 3_600_000;

/** True when a programme from `start` to `end` runs longer than PROGRAMME_MAX_HOURS. */
export const programmeTooLong = (start: Date, end: Date) =>
  end.getTime() - start.getTime() > PROGRAMME_MAX_MS;

/** The label of the override in the console; the refusal names it so the operator knows what to tick. */
export const PROGRAMME_LONG_OVERRIDE_LABEL = `Longer than ${PROGRAMME_MAX_HOURS} h — I mean it`;

const withinMaxLength = <T extends { start: Date; end: Date; allowLong: boolean }>(value: T) =>
  !bothDates(value.start, value.end) || value.allowLong || !programmeTooLong(value.start, value.end);
const MAX_LENGTH = {
  path: ['end'],
  message: `must be at most ${PROGRAMME_MAX_HOURS} hours after the start; tick “${PROGRAMME_LONG_OVERRIDE_LABEL}” to save a longer programme`,
};

export const ZProgrammeFieldsSchema = z.object({
  channelId: zId('pick a channel'),
  start: ZAmsterdamTimeSchema,
  end: ZAmsterdamTimeSchema,
  title: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters').pipe(zText(300)),
  description: optionalText(4000, { multiline: true }),
  category: optionalText(80),
  seasonNumber: optionalCount,
  episodeNumber: optionalCount,
  episodeTitle: optionalText(300),
  ageRating: z.enum(PROGRAMME_AGE_RATINGS).optional(),
  /** The operator confirmed a programme longer than PROGRAMME_MAX_HOURS; the audit entry records it. */
  allowLong: z.boolean().default(false),
});

export const ZProgrammeCreateSchema = ZProgrammeFieldsSchema.refine(endAfterStart, END_AFTER_START).refine(
  withinMaxLength,
  MAX_LENGTH,
);
export type TProgrammeCreateInput = z.infer<typeof ZProgrammeCreateSchema>;

export const ZProgrammeUpdateSchema = ZProgrammeFieldsSchema.extend({ id: zId() })
  .refine(endAfterStart, END_AFTER_START)
  .refine(withinMaxLength, MAX_LENGTH);
export type TProgrammeUpdateInput = z.infer<typeof ZProgrammeUpdateSchema>;

/** Moves a programme to a new start (and, from the grid, another channel); its duration stays. */
export const ZProgrammeMoveSchema = z.object({
  id: zId(),
  start: ZAmsterdamTimeSchema,
  channelId: zId('pick a channel').optional(),
});
export type TProgrammeMoveInput = z.infer<typeof ZProgrammeMoveSchema>;

/** How many channel rows one grid request may ask for (the console pages through about eighty). */
export const SCHEDULE_GRID_MAX_CHANNELS = 50;

/** The grid: programmes of some channels over `days` Amsterdam days from `date` (a day view or a week). */
export const ZScheduleGridSchema = z.object({
  channelIds: z
    .array(zId())
    .min(1, 'pick at least one channel')
    .max(SCHEDULE_GRID_MAX_CHANNELS, `may list at most ${SCHEDULE_GRID_MAX_CHANNELS} channels`),
  date: ZScheduleDateSchema,
  days: z.number().int().min(1).max(7).default(1),
});
export type TScheduleGridInput = z.infer<typeof ZScheduleGridSchema>;

export const ZScheduleIdSchema = z.object({ id: zId() });

export const ZScheduleDaySchema = z.object({ channelId: zId(), date: ZScheduleDateSchema });

/** Upload size the console accepts: JSON escaping must still fit the API's 1 MiB request body limit. */
export const XMLTV_UPLOAD_MAX_CHARS = 800_000;

export const ZXmltvSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    filename: zText(200).trim().min(1),
    xml: z
      .string()
      .min(1, 'the file is empty')
      .max(XMLTV_UPLOAD_MAX_CHARS, 'is larger than 800 kB; import it from a URL')
      .pipe(zText(XMLTV_UPLOAD_MAX_CHARS, { multiline: true })),
  }),
  z.object({
    kind: z.literal('url'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .pipe(zText(2000)),
  }),
]);

export const ZXmltvImportSchema = z.object({
  source: ZXmltvSourceSchema,
  /** XMLTV channel id → Keten channel id; ids not listed here are matched to a channel slug. */
  mapping: z.record(zText(200).min(1), zId()).default({}),
  /** Check everything and return the report, but store nothing. */
  dryRun: z.boolean().default(false),
  /**
   * The feed is authoritative for the span it covers per channel, programmes entered by hand included. Without it,
   * the feed still replaces what earlier imports stored there, but a clash with a hand-entered programme is refused.
   */
  replace: z.boolean().default(false),
});
export type TXmltvImportInput = z.infer<typeof ZXmltvImportSchema>;

export const ZXmltvExportSchema = z
  .object({
    channelIds: z.array(zId()).min(1, 'pick at least one channel').max(200),
    from: ZAmsterdamTimeSchema,
    to: ZAmsterdamTimeSchema,
  })
  .refine((v) => !bothDates(v.from, v.to) || v.to > v.from, {
    path: ['to'],
    message: 'must be after the start',
  })
  .refine((v) => !bothDates(v.from, v.to) || v.to.getTime() - v.from.getTime() <= 31 * 86_400_000, {
    path: ['to'],
    message: 'the window may span at most 31 days',
  });
export type TXmltvExportInput = z.infer<typeof ZXmltvExportSchema>;

export const ZWindowListSchema = z.object({ channelId: zId().optional() }).default({});

export const ZWindowCreateSchema = z
  .object({
    channelId: zId('pick a channel'),
    start: ZAmsterdamTimeSchema,
    end: ZAmsterdamTimeSchema,
    note: optionalText(200, { multiline: true }),
  })
  .refine(endAfterStart, END_AFTER_START);
export type TWindowCreateInput = z.infer<typeof ZWindowCreateSchema>;

/** Why an XMLTV entry was not taken, as a stable code (the message says the details). */
export const XMLTV_REJECTIONS = [
  'UNKNOWN_CHANNEL',
  'BAD_TIME',
  'END_BEFORE_START',
  'MISSING_TITLE',
  'OVERLAPS_EXISTING',
  'OVERLAPS_IMPORTED',
  /** A text holds something no store can keep (a NUL or a lone surrogate, e.g. written as &#0;). */
  'BAD_TEXT',
  /** Longer than PROGRAMME_MAX_HOURS (often a missing stop or a wrong year); enter a real one in the console. */
  'TOO_LONG',
] as const;
export type TXmltvRejection = (typeof XMLTV_REJECTIONS)[number];

export interface TXmltvReportEntry {
  /** 1-based position of the <programme> element in the file. */
  index: number;
  xmltvChannel: string;
  title: string | null;
  /** The start attribute as written in the file. */
  start: string;
  /** accepted: stored as a new programme; updated: changed the programme stored at its start; unchanged: already stored as is. */
  status: 'accepted' | 'updated' | 'unchanged' | 'rejected';
  reason?: TXmltvRejection;
  message?: string;
}

export interface TXmltvImportReport {
  source: string;
  dryRun: boolean;
  applied: boolean;
  /** Set when the file could not be read at all; then nothing was changed. */
  parseError: string | null;
  /** Entries stored as new programmes (in a dry run: that would be). */
  accepted: number;
  /** Entries whose slot (channel and start) was stored with other details, now changed to the file's. */
  updated: number;
  /** Entries identical to what is stored (times, title and every other field): nothing to write. */
  unchanged: number;
  rejected: number;
  /** Programmes already in the schedule that the import removes because the file has something else there. */
  replaced: number;
  entries: TXmltvReportEntry[];
}
