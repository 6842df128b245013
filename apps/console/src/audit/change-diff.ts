import { formatDateTime, isIsoTimestamp } from '../format';

export interface TChangeRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Timestamps, also inside nested values, read as everywhere else in the console ("2 Dec, 14:04"), not UTC ISO. */
const readableTimes = (_key: string, value: unknown) =>
  isIsoTimestamp(value) ? formatDateTime(value) : value;

/** How a value reads in the diff: strings bare, timestamps in the console's format, everything else as JSON, absent as an em dash. */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return isIsoTimestamp(value) ? formatDateTime(value) : value;
  return JSON.stringify(value, readableTimes, 1) ?? String(value);
}

/** The exact value, for telling changed from unchanged: two instants in the same minute still differ. */
const exact = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

/**
 * Field-by-field rows, changed fields first, when both sides are objects (or one is missing, as on create/delete);
 * null when the values are not records, so the caller shows them whole instead.
 */
export function changeRows(before: unknown, after: unknown): TChangeRow[] | null {
  const b = before ?? {};
  const a = after ?? {};
  if (!isRecord(b) || !isRecord(a)) return null;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const rows = fields.map((field) => {
    const changed = exact(b[field]) !== exact(a[field]);
    return { field, before: showValue(b[field]), after: showValue(a[field]), changed };
  });
  // What changed comes first; the unchanged fields follow as context.
  return [...rows.filter((row) => row.changed), ...rows.filter((row) => !row.changed)];
}
