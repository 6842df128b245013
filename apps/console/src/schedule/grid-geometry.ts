import { amsterdamDayBounds, amsterdamInstant, amsterdamWallClock } from '@keten/contracts';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** Day view: pixels per hour along the time axis (two hours ≈ a tablet's width of programme titles). */
export const DAY_HOUR_PX = 120;
/** Week view: pixels per hour down each day's column. */
export const WEEK_HOUR_PX = 44;
/** An empty slot clicked in the grid starts on the quarter hour; a dragged programme lands on five minutes. */
export const SLOT_MINUTES = 15;
export const DRAG_SNAP_MINUTES = 5;
/** A new programme from an empty slot lasts this long until the operator says otherwise. */
export const NEW_PROGRAMME_MINUTES = 30;

/** The day's real hours (23, 24 or 25 on change-over days), each as the instant it starts. */
export function hoursOfDay(date: string): Date[] {
  const { from, to } = amsterdamDayBounds(date);
  const count = Math.round((to.getTime() - from.getTime()) / HOUR_MS);
  return Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * HOUR_MS));
}

/** Rounds down (floor) or to the nearest multiple of `minutes` counted from `origin`. */
export function snap(instant: number, origin: number, minutes: number, mode: 'floor' | 'round'): Date {
  const step = minutes * MINUTE_MS;
  const steps = (instant - origin) / step;
  return new Date(origin + (mode === 'floor' ? Math.floor(steps) : Math.round(steps)) * step);
}

/** A span's place along an axis [from, to): offset and size in px, clipped, and whether it runs on past either edge. */
export function place(start: Date, end: Date, from: Date, to: Date, pxPerHour: number) {
  const a = Math.max(start.getTime(), from.getTime());
  const b = Math.min(end.getTime(), to.getTime());
  return {
    offset: ((a - from.getTime()) / HOUR_MS) * pxPerHour,
    size: Math.max(0, ((b - a) / HOUR_MS) * pxPerHour),
    before: start < from,
    after: end > to,
  };
}

/** Minutes past local midnight on the wall clock (the week view's vertical axis reads the clock). */
export function wallMinutes(instant: Date): number {
  const w = amsterdamWallClock(instant);
  return w.hour * 60 + w.minute + w.second / 60;
}

/** On the day clocks go back, the hour the wall clock shows twice: its first (summer) and second pass. */
export function repeatedHour(date: string): { first: [Date, Date]; second: [Date, Date] } | undefined {
  const hours = hoursOfDay(date);
  for (let i = 1; i < hours.length; i++) {
    const hour = hours[i] as Date;
    const before = hours[i - 1] as Date;
    if (amsterdamWallClock(hour).hour === amsterdamWallClock(before).hour)
      return { first: [before, hour], second: [hour, new Date(hour.getTime() + HOUR_MS)] };
  }
  return undefined;
}

const overlaps = (start: Date, end: Date, [a, b]: [Date, Date]) => start < b && end > a;

/**
 * A span's place in a week-view day column: by the wall clock, clipped to the day. The wall clock shows the
 * repeated autumn hour once, so a span in only one of its passes gets a lane (the first pass left, the second
 * right), side by side as a calendar draws overlapping events, instead of two blocks on one spot.
 */
export function placeInDay(start: Date, end: Date, date: string) {
  const { from, to } = amsterdamDayBounds(date);
  const repeated = repeatedHour(date);
  const inFirst = repeated ? overlaps(start, end, repeated.first) : false;
  const inSecond = repeated ? overlaps(start, end, repeated.second) : false;
  const lane: 'first' | 'second' | undefined =
    inFirst && !inSecond ? 'first' : inSecond && !inFirst ? 'second' : undefined;
  const top = start <= from ? 0 : wallMinutes(start);
  let bottom = end >= to ? 24 * 60 : wallMinutes(end);
  // In the repeated autumn hour the clock runs back; keep the real length then.
  if (bottom <= top)
    bottom = Math.min(24 * 60, top + (Math.min(end.getTime(), to.getTime()) - start.getTime()) / MINUTE_MS);
  return {
    offset: (top / 60) * WEEK_HOUR_PX,
    size: Math.max(0, ((bottom - top) / 60) * WEEK_HOUR_PX),
    before: start < from,
    after: end > to,
    lane,
  };
}

/** The instant at `minutes` past midnight on `date` by the wall clock, snapped. */
export function instantAtWallMinutes(
  date: string,
  minutes: number,
  snapMinutes: number,
  mode: 'floor' | 'round',
) {
  const snapped = (mode === 'floor' ? Math.floor : Math.round)(minutes / snapMinutes) * snapMinutes;
  return amsterdamInstant(date, Math.max(0, Math.min(24 * 60 - snapMinutes, snapped)));
}
