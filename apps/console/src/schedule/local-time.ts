import { amsterdamDate, formatAmsterdam, formatAmsterdamTime, parseAmsterdamTime } from '@keten/contracts';
import { formatDate } from '../format';

/** True when the instant's Amsterdam wall clock occurs twice (the hour repeated when summer time ends). */
export function isRepeatedHour(instant: Date): boolean {
  const result = parseAmsterdamTime(formatAmsterdam(instant));
  return result.ok && result.ambiguous;
}

/** The text an operator would type for this instant; in the repeated hour it carries the offset. */
export function toLocalInput(instant: Date): string {
  return formatAmsterdam(instant, isRepeatedHour(instant));
}

/** "20:30", "02:30 +01:00" in the repeated hour, or "24 Oct, 23:30" ("2 Dec 2036, 20:00" in another year) when not on `date`. */
export function formatSlotTime(instant: Date, date: string): string {
  const time = isRepeatedHour(instant)
    ? formatAmsterdam(instant, true).slice(11)
    : formatAmsterdamTime(instant);
  if (amsterdamDate(instant) === date) return time;
  return `${formatDate(instant)}, ${time}`;
}

/** "YYYY-MM-DD" shifted by whole calendar days. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
