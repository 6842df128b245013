/** Schedules are entered and shown in this zone; the database keeps UTC. */
export const SCHEDULE_ZONE = 'Europe/Amsterdam';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHEDULE_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface TWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Amsterdam's offset from UTC at that instant, in minutes (60 in winter, 120 in summer). */
  offsetMinutes: number;
}

/** The Amsterdam wall clock at an instant. */
export function amsterdamWallClock(instant: Date): TWallClock {
  const p = Object.fromEntries(wallClock.formatToParts(instant).map((x) => [x.type, Number(x.value)]));
  const [year, month, day, hour, minute, second] = [p.year, p.month, p.day, p.hour, p.minute, p.second].map(
    (n) => n ?? 0,
  ) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    offsetMinutes: Math.round((asUtc - wholeSeconds) / MINUTE_MS),
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** "+02:00" style offset; `colon: false` gives XMLTV's "+0200". */
export function formatOffset(offsetMinutes: number, colon = true): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(offsetMinutes) / 60);
  return `${sign}${pad(hours)}${colon ? ':' : ''}${pad(Math.abs(offsetMinutes) % 60)}`;
}

/** "2026-10-25 02:30" in Amsterdam time; `withOffset` appends " +02:00" (tells the repeated hour apart). */
export function formatAmsterdam(instant: Date, withOffset = false): string {
  const w = amsterdamWallClock(instant);
  const text = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  return withOffset ? `${text} ${formatOffset(w.offsetMinutes)}` : text;
}

/** "20:30" in Amsterdam time. */
export function formatAmsterdamTime(instant: Date): string {
  const w = amsterdamWallClock(instant);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

// The console's date style (en-GB medium: "2 Dec 2026"), in Amsterdam whatever zone the process runs in.
const calendarDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHEDULE_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/**
 * "2 Dec 2026 12:31:00" in Amsterdam time, for messages: the full date and seconds, so a span over midnight
 * or a clash a few seconds long reads unambiguously. In the repeated autumn hour it ends in the offset.
 */
export function formatAmsterdamDateTime(instant: Date): string {
  const w = amsterdamWallClock(instant);
  const text = `${calendarDay.format(instant)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return candidates(naive).length > 1 ? `${text} ${formatOffset(w.offsetMinutes)}` : text;
}

/** "2 Dec 2026 12:31:00 – 3 Dec 2026 01:00:00" (Amsterdam time). */
export function formatAmsterdamSpan(start: Date, end: Date): string {
  return `${formatAmsterdamDateTime(start)} – ${formatAmsterdamDateTime(end)}`;
}

/** The Amsterdam calendar date of an instant, "YYYY-MM-DD". */
export function amsterdamDate(instant: Date): string {
  const w = amsterdamWallClock(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Date.UTC of a calendar date and time, or null when there is no such day or time (30 Feb, 25:00). */
export function calendarMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(millis);
  const real = check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return real && hour <= 23 && minute <= 59 && second <= 59 ? millis : null;
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const offsetCache = new Map<number, number>();

/** Amsterdam's offset in minutes at an instant, cached per UTC quarter hour (zones change only on those). */
function offsetMinutesAt(instant: number): number {
  const key = Math.floor(instant / QUARTER_HOUR_MS);
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  // Bounded: a long-running API parses arbitrary times; the seed's two weeks of EPG use ~1,500 entries.
  if (offsetCache.size >= 20_000) offsetCache.clear();
  const offset = amsterdamWallClock(new Date(key * QUARTER_HOUR_MS)).offsetMinutes;
  offsetCache.set(key, offset);
  return offset;
}

/** Every UTC instant whose Amsterdam wall clock reads the given local time: 0 (spring gap), 1, or 2 (autumn repeat), earliest first. */
function candidates(naiveUtc: number): Date[] {
  const offsets = new Set([-12, 12].map((h) => offsetMinutesAt(naiveUtc + h * HOUR_MS)));
  return [...offsets]
    .map((offset) => new Date(naiveUtc - offset * MINUTE_MS))
    .filter((instant) => offsetMinutesAt(instant.getTime()) * MINUTE_MS === naiveUtc - instant.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
}

export type TLocalTimeResult =
  | { ok: true; instant: Date; ambiguous: boolean }
  | { ok: false; message: string };

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Reads an Amsterdam wall-clock time "YYYY-MM-DD HH:mm" (or with "T"), optionally with an explicit offset.
 * A time in the spring-forward gap is refused. A time in the repeated autumn hour means its FIRST pass
 * (summer time, +02:00) unless the text carries "+01:00", which picks the second pass.
 */
export function parseAmsterdamTime(text: string): TLocalTimeResult {
  const m = LOCAL_TIME.exec(text.trim());
  if (!m) return { ok: false, message: 'must be a date and time like 2026-10-25 20:30' };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const naive = calendarMillis(year, month, day, hour, minute, second);
  if (naive === null) return { ok: false, message: 'is not a real calendar date and time' };
  const found = candidates(naive);
  const local = `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}`;
  if (found.length === 0) {
    return {
      ok: false,
      message: `${local} does not exist in Amsterdam: the clocks jump forward an hour that night (summer time starts)`,
    };
  }
  if (m[7]) {
    const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
    const match = found.find((instant) => amsterdamWallClock(instant).offsetMinutes === offset);
    if (!match) {
      return {
        ok: false,
        message: `${local} is not ${formatOffset(offset)} in Amsterdam; leave the offset out`,
      };
    }
    return { ok: true, instant: match, ambiguous: found.length > 1 };
  }
  return { ok: true, instant: found[0] as Date, ambiguous: found.length > 1 };
}

/** "YYYY-MM-DD" plus `days` calendar days (negative goes back). */
export function addCalendarDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(y, mo - 1, d + days));
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/**
 * The instant the Amsterdam wall clock reads `minuteOfDay` minutes after the start of "YYYY-MM-DD" (minutes may run
 * past a day). Temporal's 'compatible' choice: the repeated autumn hour means its first pass (as parseAmsterdamTime),
 * a time in the spring-forward gap means the same reading an hour on (02:30 → 03:30).
 */
export function amsterdamInstant(date: string, minuteOfDay = 0): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, mo - 1, d) + minuteOfDay * MINUTE_MS;
  const found = candidates(naive);
  if (found[0]) return found[0];
  const offsetBeforeGap = offsetMinutesAt(naive - 12 * HOUR_MS);
  return new Date(naive - offsetBeforeGap * MINUTE_MS);
}

/** Local midnight to the next local midnight for "YYYY-MM-DD" (23 or 25 hours on the change-over days). */
export function amsterdamDayBounds(date: string): { from: Date; to: Date } {
  if (!parseAmsterdamTime(`${date} 00:00`).ok) throw new Error(`not a calendar date: ${date}`);
  return { from: amsterdamInstant(date), to: amsterdamInstant(addCalendarDays(date, 1)) };
}
