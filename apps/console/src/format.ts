import { amsterdamWallClock, MONTH_NAMES, type TWallClock } from '@keten/contracts';

const COUNT = new Intl.NumberFormat('en');

/** A count with thousands separators, as StatCard shows its value. */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

/*
 * The console's one date-time format: the operator's clock (Europe/Amsterdam, where schedules are entered too)
 * whatever zone the browser runs in, 24-hour, day and short month name, and the year only when it is not the
 * current one: "2 Dec, 14:04", "2 Dec 2027, 14:04". Month names are spelled here, not by the runtime's locale
 * data, so the server's render and the browser's agree (ICU spells September "Sep" or "Sept" by version).
 */

type TDateInput = Date | string | number | null | undefined;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NEVER = '—';

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant a value names, or null for nothing or an unreadable value. */
function toInstant(value: TDateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The Amsterdam calendar date and clock of a value; a bare "yyyy-mm-dd" is that calendar day, not UTC midnight. */
function wallClockOf(
  value: TDateInput,
): Pick<TWallClock, 'year' | 'month' | 'day' | 'hour' | 'minute'> | null {
  if (typeof value === 'string') {
    const m = CALENDAR_DATE.exec(value);
    if (m) {
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const check = new Date(Date.UTC(year, month - 1, day));
      if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
      return { year, month, day, hour: 0, minute: 0 };
    }
  }
  const instant = toInstant(value);
  return instant ? amsterdamWallClock(instant) : null;
}

function currentYear(now: Date): number {
  return amsterdamWallClock(now).year;
}

function dayText(w: { year: number; month: number; day: number }, withYear: boolean): string {
  const text = `${w.day} ${MONTH_NAMES[w.month - 1]}`;
  return withYear ? `${text} ${w.year}` : text;
}

function timeText(w: { hour: number; minute: number }): string {
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** "2 Dec, 14:04" this year, "2 Dec 2027, 14:04" in another; an em dash for never. */
export function formatDateTime(value: TDateInput, now: Date = new Date()): string {
  const w = wallClockOf(value);
  if (!w) return NEVER;
  return `${dayText(w, w.year !== currentYear(now))}, ${timeText(w)}`;
}

/** "2 Dec" this year, "2 Dec 2027" in another. A "yyyy-mm-dd" value is read as that calendar day. */
export function formatDate(value: TDateInput, now: Date = new Date()): string {
  const w = wallClockOf(value);
  if (!w) return NEVER;
  return dayText(w, w.year !== currentYear(now));
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function weekdayOf(w: { year: number; month: number; day: number }): string {
  return WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()] ?? '';
}

/** A day as a heading: "Wednesday 2 Dec", "Thursday 2 Dec 2027". */
export function formatDayHeading(value: TDateInput, now: Date = new Date()): string {
  const w = wallClockOf(value);
  if (!w) return NEVER;
  return `${weekdayOf(w)} ${dayText(w, w.year !== currentYear(now))}`;
}

/** A day as a column header, short: "Wed 2 Dec", "Thu 2 Dec 2027". */
export function formatDayShort(value: TDateInput, now: Date = new Date()): string {
  const w = wallClockOf(value);
  if (!w) return NEVER;
  return `${weekdayOf(w).slice(0, 3)} ${dayText(w, w.year !== currentYear(now))}`;
}

/** "14:04" on the Amsterdam clock. */
export function formatTime(value: TDateInput): string {
  const w = wallClockOf(value);
  return w ? timeText(w) : NEVER;
}

/**
 * A span: "2 Dec, 20:00 – 22:30" within a day, "2 Dec, 20:00 – 3 Dec, 01:00" over midnight, and each year
 * when either end is not in the current year ("2 Dec 2026, 20:00 – 2 Dec 2036, 20:00"), so a programme ten
 * years long never reads like one two hours long. An open end (null) reads "– now".
 */
export function formatRange(start: TDateInput, end: TDateInput, now: Date = new Date()): string {
  const from = wallClockOf(start);
  if (!from) return NEVER;
  const open = end === null || end === undefined;
  const to = open ? null : wallClockOf(end);
  const year = currentYear(now);
  if (!to) return `${dayText(from, from.year !== year)}, ${timeText(from)} – ${open ? 'now' : NEVER}`;
  const withYear = from.year !== year || to.year !== year;
  const head = `${dayText(from, withYear)}, ${timeText(from)}`;
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  return sameDay ? `${head} – ${timeText(to)}` : `${head} – ${dayText(to, withYear)}, ${timeText(to)}`;
}

/** An ISO 8601 timestamp inside free text (audit diffs, messages), as the API serializes instants. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** True for a string that is a whole ISO timestamp with a zone ("2026-12-02T13:04:00.000Z"). */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIMESTAMP.test(value) && toInstant(value) !== null;
}
