import { amsterdamWallClock } from './schedule-time';

/**
 * Dates as operators type and read them in the console's date fields: "2 Dec 2026", "2 Dec 2026, 14:04"
 * (Amsterdam, 24-hour), whatever the browser's locale. Values travel as "yyyy-mm-dd" / "yyyy-mm-ddTHH:mm"
 * (Amsterdam local), the forms native date inputs produced, so the forms' parsers are unchanged.
 */

/** Month names as the console spells them, January first (not the runtime's: ICU says "Sep" or "Sept"). */
export const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export interface TCalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar date of "yyyy-mm-dd", or null when it is no real day. */
export function readCalendarDate(value: string): TCalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function realDate(year: number, month: number, day: number): TCalendarDate | null {
  const check = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function calendarDateValue({ year, month, day }: TCalendarDate): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** "2 Dec 2026" for "2026-12-02"; empty for an empty or unreadable value. */
export function formatDateText(value: string): string {
  const date = readCalendarDate(value);
  return date ? `${date.day} ${MONTH_NAMES[date.month - 1]} ${date.year}` : '';
}

function monthNumber(name: string): number | null {
  const index = MONTH_NAMES.findIndex((month) => name.toLowerCase().startsWith(month.toLowerCase()));
  return index >= 0 ? index + 1 : null;
}

/**
 * "yyyy-mm-dd" for what an operator types: "2 Dec 2026", "2 december 2026", "2026-12-02", "02-12-2026",
 * "2/12/2026" or "2.12.2026" (day first, as in Amsterdam); null when it is not a real date.
 */
export function parseDateText(text: string): string | null {
  const t = text.trim().replace(/,$/, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return dateValue(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (m) return dateValue(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s*([a-z]{3,})\.?\s*(\d{4})$/i.exec(t);
  if (m) {
    const month = monthNumber(m[2] as string);
    return month ? dateValue(Number(m[3]), month, Number(m[1])) : null;
  }
  return null;
}

function dateValue(year: number, month: number, day: number): string | null {
  const date = realDate(year, month, day);
  return date ? calendarDateValue(date) : null;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$/;

/**
 * A date-time value in the field's contract, "yyyy-mm-ddTHH:mm" Amsterdam local (optionally "+01:00" to
 * name the second pass of the repeated autumn hour): an ISO instant ("…Z", "+00:00") becomes Amsterdam local.
 */
export function toLocalDateTimeValue(value: string): string {
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (!m) return value;
  const zone = m[4];
  if (zone === undefined) return `${m[1]}T${m[2]}:${m[3]}`;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const w = amsterdamWallClock(instant);
  const local = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
  // Only an instant in the repeated autumn hour's second pass needs its offset to be read back the same.
  const earlier = amsterdamWallClock(new Date(instant.getTime() - 3_600_000));
  return earlier.hour === w.hour && earlier.day === w.day ? `${local}+01:00` : local;
}

/** A date field's contract value: "yyyy-mm-dd"; an ISO instant becomes its Amsterdam calendar date. */
export function toLocalDateValue(value: string): string {
  if (readCalendarDate(value)) return value;
  const local = toLocalDateTimeValue(value);
  return /^\d{4}-\d{2}-\d{2}T/.test(local) ? local.slice(0, 10) : value;
}

/** "2 Dec 2026, 14:04" (", 02:30 +01:00" in the repeated hour's second pass) for a date-time value. */
export function formatDateTimeText(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})([+-]\d{2}:\d{2})?$/.exec(toLocalDateTimeValue(value));
  if (!m) return '';
  const date = formatDateText(m[1] as string);
  return date ? `${date}, ${m[2]}${m[3] ? ` ${m[3]}` : ''}` : '';
}

/**
 * "yyyy-mm-ddTHH:mm" for a typed date and 24-hour time: "2 Dec 2026, 14:04", "2 Dec 2026 14:04",
 * "2026-12-02 14:04", "2026-12-02T14:04"; a trailing "+01:00" is kept (the repeated autumn hour).
 * A date without a time means 00:00. Null when the date or the time is not real.
 */
export function parseDateTimeText(text: string): string | null {
  const m = /^(.*?)[,\sT]+(\d{1,2})[:.](\d{2})\s*([+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) {
    const date = parseDateText(text);
    return date ? `${date}T00:00` : null;
  }
  const date = parseDateText(m[1] as string);
  const [hour, minute] = [Number(m[2]), Number(m[3])];
  if (!date || hour > 23 || minute > 59) return null;
  const offset = m[4] ? m[4].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2') : '';
  return `${date}T${pad(hour)}:${pad(minute)}${offset}`;
}

/** A calendar date moved by whole days (negative goes back) or months (clamped to the month's last day). */
export function shiftCalendarDate(value: string, by: { days?: number; months?: number }): string {
  const date = readCalendarDate(value);
  if (!date) return value;
  const months = by.months ?? 0;
  const firstOfMonth = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const shifted = new Date(
    Date.UTC(
      firstOfMonth.getUTCFullYear(),
      firstOfMonth.getUTCMonth(),
      Math.min(date.day, lastDay) + (by.days ?? 0),
    ),
  );
  return calendarDateValue({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}
