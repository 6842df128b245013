const COUNT = new Intl.NumberFormat('en');

/** A count with thousands separators, as StatCard shows its value. */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

// The operator's clock (schedules are in Amsterdam time too), whatever zone the browser runs in.
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Amsterdam',
});

/** Operator-facing timestamp, e.g. "25 Nov 2026, 14:03"; an em dash for never. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '—' : DATE_TIME.format(date);
}
