import type { TConfigDocument, TJsonValue, TSettings } from '@keten/flags';

export type TValueKind = 'text' | 'number' | 'boolean' | 'json';

/** One setting as the structured editor shows it: a dotted path ("player.bufferSeconds"), a kind and the value typed. */
export interface TSettingRow {
  path: string;
  kind: TValueKind;
  text: string;
}

export interface TStructured {
  settings: TSettingRow[];
  overrides: { cohortId: string; settings: TSettingRow[] }[];
}

const isObject = (value: unknown): value is Record<string, TJsonValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function rowOf(path: string, value: TJsonValue): TSettingRow {
  if (typeof value === 'string') return { path, kind: 'text', text: value };
  if (typeof value === 'number') return { path, kind: 'number', text: String(value) };
  if (typeof value === 'boolean') return { path, kind: 'boolean', text: String(value) };
  return { path, kind: 'json', text: JSON.stringify(value) };
}

/** Nested objects become dotted paths (a non-empty object's leaves); arrays, null and `{}` stay JSON values. */
export function rowsOf(settings: TSettings, prefix = ''): TSettingRow[] {
  return Object.entries(settings).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isObject(value) && Object.keys(value).length > 0 ? rowsOf(value, path) : [rowOf(path, value)];
  });
}

export const structuredOf = (document: TConfigDocument): TStructured => ({
  settings: rowsOf(document.settings),
  overrides: document.overrides.map((override) => ({
    cohortId: override.cohortId,
    settings: rowsOf(override.settings),
  })),
});

function readRow(row: TSettingRow): { value: TJsonValue } | { error: string } {
  switch (row.kind) {
    case 'text':
      return { value: row.text };
    case 'number': {
      const number = Number(row.text);
      return row.text.trim() !== '' && Number.isFinite(number)
        ? { value: number }
        : { error: 'Must be a number' };
    }
    case 'boolean':
      return row.text === 'true' || row.text === 'false'
        ? { value: row.text === 'true' }
        : { error: 'Must be true or false' };
    case 'json':
      try {
        return { value: JSON.parse(row.text) as TJsonValue };
      } catch {
        return { error: 'Must be valid JSON, e.g. [1, 2] or {"a": 1}' };
      }
  }
}

/** Rows back into a settings object; errors keyed `<prefix>.<row>.path` / `.value`. */
function settingsOf(rows: TSettingRow[], prefix: string, errors: Record<string, string>): TSettings {
  const settings: TSettings = {};
  rows.forEach((row, index) => {
    const parts = row.path.trim().split('.');
    if (row.path.trim() === '' || parts.some((part) => part === '')) {
      errors[`${prefix}.${index}.path`] = 'Must be a name like player.bufferSeconds';
      return;
    }
    const read = readRow(row);
    if ('error' in read) {
      errors[`${prefix}.${index}.value`] = read.error;
      return;
    }
    let at: Record<string, TJsonValue> = settings;
    for (const [depth, part] of parts.entries()) {
      if (depth === parts.length - 1) {
        if (part in at) errors[`${prefix}.${index}.path`] = 'Is set twice, or inside another setting';
        at[part] = read.value;
        break;
      }
      const next = at[part];
      if (next === undefined) at[part] = {};
      else if (!isObject(next)) {
        errors[`${prefix}.${index}.path`] = `${parts.slice(0, depth + 1).join('.')} is already a value`;
        return;
      }
      at = at[part] as Record<string, TJsonValue>;
    }
  });
  return settings;
}

export function documentOf(
  structured: TStructured,
): { ok: true; document: TConfigDocument } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const document: TConfigDocument = {
    settings: settingsOf(structured.settings, 'settings', errors),
    overrides: structured.overrides.map((override, index) => {
      if (!override.cohortId) errors[`overrides.${index}.cohortId`] = 'Choose a cohort';
      return {
        cohortId: override.cohortId,
        settings: settingsOf(override.settings, `overrides.${index}.settings`, errors),
      };
    }),
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, document };
}
