'use client';

import { useId } from 'react';

/** A compact labelled select for card toolbars (the label names the control exactly, not its options). */
export function InlineSelect<T extends string>({
  label,
  value,
  options,
  onChange,
  placeholder,
  disabled,
}: {
  label: string;
  value: T | '';
  options: readonly { value: T; label: string }[];
  onChange: (value: T | '') => void;
  placeholder?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <span className="flex items-center gap-1 text-xs text-slate-600">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value as T | '')}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-xs text-slate-900 disabled:bg-slate-50"
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </span>
  );
}
