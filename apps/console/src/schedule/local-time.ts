import {
  amsterdamDate,
  amsterdamWallClock,
  formatAmsterdam,
  formatAmsterdamTime,
  MONTH_NAMES,
  parseAmsterdamTime,
} from '@keten/contracts';

/** True when the instant's Amsterdam wall clock occurs twice (the hour repeated when summer time ends). */
export function isRepeatedHour(instant: Date): boolean {
  const result = parseAmsterdamTime(formatAmsterdam(instant));
  return result.ok && result.ambiguous;
}

/** The text an operator would type for this instant; in the repeated hour it carries the offset. */
export function toLocalInput(instant: Date): string {
  return formatAmsterdam(instant, isRepeatedHour(instant));
}

/** "2 Dec" or "2 Dec 2036": the console's month names (format.ts), not the runtime locale's. */
const dayMonth = (instant: Date, withYear: boolean) => {
  const w = amsterdamWallClock(instant);
  return `${w.day} ${MONTH_NAMES[w.month - 1]}${withYear ? ` ${w.year}` : ''}`;
};

const clock = (instant: Date) =>
  isRepeatedHour(instant) ? formatAmsterdam(instant, true).slice(11) : formatAmsterdamTime(instant);

/**
 * "20:30", "02:30 +01:00" in the repeated hour, "24 Oct, 23:30" when not on `date`, and "2 Dec 2036, 20:00" when
 * also not in `date`'s year (the console's date style). `withYear` forces the full date (a span across years).
 */
export function formatSlotTime(instant: Date, date: string, withYear = false): string {
  const sameYear = amsterdamWallClock(instant).year === Number(date.slice(0, 4));
  if (withYear || !sameYear) return `${dayMonth(instant, true)}, ${clock(instant)}`;
  if (amsterdamDate(instant) === date) return clock(instant);
  return `${dayMonth(instant, false)}, ${clock(instant)}`;
}

/** "20:00–20:30" on `date`; a span across years shows both years ("2 Dec 2026, 20:00–2 Dec 2036, 20:00"). */
export function formatSlotRange(start: Date, end: Date, date: string): string {
  const acrossYears = amsterdamWallClock(start).year !== amsterdamWallClock(end).year;
  return `${formatSlotTime(start, date, acrossYears)}–${formatSlotTime(end, date, acrossYears)}`;
}

/** "YYYY-MM-DD" shifted by whole calendar days. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday of the ISO week (Monday–Sunday, as Dutch schedules run) that holds `date`. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return shiftDate(date, -weekday);
}
