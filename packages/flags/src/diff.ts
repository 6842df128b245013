export interface TDiffEntry {
  /** "rules.1.percent", "killed"; "" for the whole value. */
  path: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What changed between two JSON values, leaf by leaf (arrays compared index by index). */
export function diffJson(before: unknown, after: unknown, path = ''): TDiffEntry[] {
  if (Object.is(before, after)) return [];
  const join = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(before) && Array.isArray(after)) {
    const entries: TDiffEntry[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      entries.push(...diffJson(before[i], after[i], join(i)));
    return entries;
  }
  if (isRecord(before) && isRecord(after)) {
    const entries: TDiffEntry[] = [];
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)]))
      entries.push(...diffJson(before[key], after[key], join(key)));
    return entries;
  }
  return [{ path, before, after }];
}
