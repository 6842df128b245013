export interface TChangeRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value reads in the diff: strings bare, everything else as JSON, absent as an em dash. */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1) ?? String(value);
}

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
    const beforeText = field in b ? showValue(b[field]) : '—';
    const afterText = field in a ? showValue(a[field]) : '—';
    return { field, before: beforeText, after: afterText, changed: beforeText !== afterText };
  });
  // What changed comes first; the unchanged fields follow as context.
  return [...rows.filter((row) => row.changed), ...rows.filter((row) => !row.changed)];
}
