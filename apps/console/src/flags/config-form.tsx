'use client';

import { Button, SelectField, TextField } from '@keten/ui';
import type { TSettingRow, TStructured, TValueKind } from './config-rows';
import type { TCohortRow } from './types';

const KIND_OPTIONS: { value: TValueKind; label: string }[] = [
  { value: 'text', label: 'text' },
  { value: 'number', label: 'number' },
  { value: 'boolean', label: 'true / false' },
  { value: 'json', label: 'JSON' },
];
const BOOLEAN_OPTIONS = [
  { value: 'true', label: 'true' },
  { value: 'false', label: 'false' },
];

/** Settings as rows: a dotted name, a kind, a value. */
function SettingRows({
  label,
  path,
  rows,
  errors,
  disabled,
  onChange,
}: {
  label: string;
  path: string;
  rows: TSettingRow[];
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (rows: TSettingRow[]) => void;
}) {
  const set = (index: number, patch: Partial<TSettingRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="space-y-2">
      {rows.length === 0 ? <p className="text-sm text-slate-600">No settings.</p> : null}
      <ul className="space-y-2">
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row's name is what is being edited
          <li key={index} className="grid gap-2 sm:grid-cols-[2fr_1fr_2fr_auto] sm:items-end">
            <TextField
              label={`${label} ${index + 1} name`}
              value={row.path}
              disabled={disabled}
              error={errors[`${path}.${index}.path`]}
              onChange={(event) => set(index, { path: event.target.value })}
            />
            <SelectField
              label={`${label} ${index + 1} kind`}
              options={KIND_OPTIONS}
              value={row.kind}
              disabled={disabled}
              onChange={(event) => {
                const kind =
                  KIND_OPTIONS.find((option) => option.value === event.target.value)?.value ?? 'text';
                set(index, { kind, text: kind === 'boolean' ? 'true' : row.text });
              }}
            />
            {row.kind === 'boolean' ? (
              <SelectField
                label={`${label} ${index + 1} value`}
                options={BOOLEAN_OPTIONS}
                value={row.text}
                disabled={disabled}
                error={errors[`${path}.${index}.value`]}
                onChange={(event) => set(index, { text: event.target.value })}
              />
            ) : (
              <TextField
                label={`${label} ${index + 1} value`}
                value={row.text}
                disabled={disabled}
                className={row.kind === 'json' ? 'font-mono' : undefined}
                error={errors[`${path}.${index}.value`]}
                onChange={(event) => set(index, { text: event.target.value })}
              />
            )}
            <Button
              size="sm"
              variant="ghost"
              disabled={disabled}
              aria-label={`Remove ${label.toLowerCase()} ${index + 1}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <Button
        size="sm"
        variant="secondary"
        disabled={disabled}
        onClick={() => onChange([...rows, { path: '', kind: 'text', text: '' }])}
      >
        Add {label.toLowerCase()}
      </Button>
    </div>
  );
}

/** The central configuration as a form: base settings, then each cohort's overrides in order. */
export function ConfigForm({
  value,
  cohorts,
  errors,
  disabled,
  onChange,
}: {
  value: TStructured;
  cohorts: readonly TCohortRow[];
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (value: TStructured) => void;
}) {
  const cohortOptions = [
    { value: '', label: 'Choose a cohort' },
    ...cohorts.map((cohort) => ({ value: cohort.id, label: cohort.name })),
  ];
  const setOverride = (index: number, patch: Partial<TStructured['overrides'][number]>) =>
    onChange({
      ...value,
      overrides: value.overrides.map((override, i) => (i === index ? { ...override, ...patch } : override)),
    });
  return (
    <div className="space-y-5">
      <section aria-label="Settings">
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Settings for every box</h3>
        <SettingRows
          label="Setting"
          path="settings"
          rows={value.settings}
          errors={errors}
          disabled={disabled}
          onChange={(settings) => onChange({ ...value, settings })}
        />
      </section>
      <section aria-label="Overrides">
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Overrides per cohort, merged in order</h3>
        <ol className="space-y-3">
          {value.overrides.map((override, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: overrides are positions
            <li key={index} className="rounded-md border border-slate-200 p-3">
              <div className="mb-2 flex items-end gap-2">
                <div className="flex-1">
                  <SelectField
                    label={`Override ${index + 1} cohort`}
                    options={cohortOptions}
                    value={override.cohortId}
                    disabled={disabled}
                    error={errors[`overrides.${index}.cohortId`]}
                    onChange={(event) => setOverride(index, { cohortId: event.target.value })}
                  />
                </div>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled}
                  aria-label={`Remove override ${index + 1}`}
                  onClick={() =>
                    onChange({ ...value, overrides: value.overrides.filter((_, i) => i !== index) })
                  }
                >
                  Remove
                </Button>
              </div>
              <SettingRows
                label={`Override ${index + 1} setting`}
                path={`overrides.${index}.settings`}
                rows={override.settings}
                errors={errors}
                disabled={disabled}
                onChange={(settings) => setOverride(index, { settings })}
              />
            </li>
          ))}
        </ol>
        <Button
          size="sm"
          variant="secondary"
          className="mt-2"
          disabled={disabled}
          onClick={() =>
            onChange({
              ...value,
              overrides: [...value.overrides, { cohortId: cohorts[0]?.id ?? '', settings: [] }],
            })
          }
        >
          Add override
        </Button>
      </section>
    </div>
  );
}
