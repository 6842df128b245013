const ZONE = 'Europe/Amsterdam';
const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

const offsetCache = new Map<number, number>();

/** Amsterdam's UTC offset in ms at `instant` (cached per UTC quarter hour; zones change on those boundaries). */
function offsetAt(instant: number): number {
  const key = Math.floor(instant / (15 * MINUTE_MS));
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  const offset = asUtc - Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  offsetCache.set(key, offset);
  return offset;
}

/** A calendar day in Amsterdam, as { year, month (1–12), day }. */
export type LocalDate = { year: number; month: number; day: number };

export function amsterdamDateOf(instant: Date): LocalDate {
  const local = new Date(instant.getTime() + offsetAt(instant.getTime()));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** The UTC instant of an Amsterdam wall-clock time; day and minute may overflow (day 32, minute 1500). */
export function amsterdamToUtc(date: LocalDate, minuteOfDay = 0): Date {
  const naive = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  const guess = naive - offsetAt(naive);
  return new Date(naive - offsetAt(guess));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function isoDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
