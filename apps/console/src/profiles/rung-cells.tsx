'use client';

import { labelledMessage } from '@keten/contracts';
import { cn } from '@keten/ui';
import { useId } from 'react';

const CONTROL =
  'h-8 w-full min-w-0 rounded border bg-white px-1.5 text-sm tabular-nums text-slate-900 ' +
  'focus:outline-2 focus:-outline-offset-1 focus:outline-sky-600';

interface CellProps {
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}

/** A compact table-cell control, labelled for screen readers; its error sits right under it. */
export function CellInput({
  label,
  value,
  error,
  onChange,
  inputMode = 'decimal',
}: CellProps & { inputMode?: 'decimal' | 'numeric' }) {
  const id = useId();
  return (
    <div>
      <input
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        inputMode={inputMode}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={cn(CONTROL, error ? 'border-rose-400' : 'border-slate-300')}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-0.5 text-[11px] leading-4 text-rose-700">
          {labelledMessage(label, error)}
        </p>
      ) : null}
    </div>
  );
}

export function CellSelect({
  label,
  value,
  error,
  onChange,
  options,
}: CellProps & { options: readonly { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div>
      <select
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={cn(CONTROL, 'pr-6', error ? 'border-rose-400' : 'border-slate-300')}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="mt-0.5 text-[11px] leading-4 text-rose-700">
          {labelledMessage(label, error)}
        </p>
      ) : null}
    </div>
  );
}
