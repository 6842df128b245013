'use client';

import {
  formatDateText,
  formatDateTimeText,
  parseDateText,
  parseDateTimeText,
  shiftCalendarDate,
  toLocalDateTimeValue,
  toLocalDateValue,
} from '@keten/contracts';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Calendar } from './calendar';
import { cn } from './cn';
import { CONTROL, describedBy, FieldFrame } from './field';

interface TDateKind {
  /** The contract value ("yyyy-mm-dd" / "yyyy-mm-ddTHH:mm") of any accepted value, ISO instants included. */
  normalize: (value: string) => string;
  format: (value: string) => string;
  parse: (text: string) => string | null;
  placeholder: string;
  problem: string;
}

const DATE: TDateKind = {
  normalize: toLocalDateValue,
  format: formatDateText,
  parse: parseDateText,
  placeholder: 'e.g. 2 Dec 2026',
  problem: 'enter a date like 2 Dec 2026',
};

const DATE_TIME: TDateKind = {
  normalize: toLocalDateTimeValue,
  format: formatDateTimeText,
  parse: parseDateTimeText,
  placeholder: 'e.g. 2 Dec 2026, 14:04',
  problem: 'enter a date and 24-hour time like 2 Dec 2026, 14:04',
};

export interface DateFieldProps {
  label: string;
  hint?: ReactNode;
  /** The form's message for this field; the field shows its own only for text it cannot read. */
  error?: string;
  /** Submitted with the form as the contract value ("yyyy-mm-dd" / "yyyy-mm-ddTHH:mm", Amsterdam local). */
  name?: string;
  /** Controlled value: "yyyy-mm-dd" / "yyyy-mm-ddTHH:mm" Amsterdam local, or an ISO instant; '' for none. */
  value?: string;
  defaultValue?: string;
  /** Called with the new contract value when the operator picks a day, steps with the arrows or leaves the field. */
  onValueChange?: (value: string) => void;
  required?: boolean;
  disabled?: boolean;
  className?: string;
}

/** Splits a date-time value into its date and the rest ("T14:04"), so stepping days keeps the time. */
function splitValue(value: string): [string, string] {
  return [value.slice(0, 10), value.slice(10)];
}

function DateInput({ kind, ...props }: DateFieldProps & { kind: TDateKind }) {
  const { label, hint, error, name, value, defaultValue, onValueChange, required, disabled, className } =
    props;
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const controlled = value !== undefined;
  const initial = kind.normalize(value ?? defaultValue ?? '');
  const [current, setCurrent] = useState(initial);
  const [text, setText] = useState(kind.format(initial) || initial);
  const [seen, setSeen] = useState(value);
  const [open, setOpen] = useState(false);
  const [touched, setTouched] = useState(false);

  const [seenDefault, setSeenDefault] = useState(defaultValue);
  const [edited, setEdited] = useState(false);

  // A controlled value changed from outside (a "next day" button): show it. An untouched uncontrolled field
  // follows its default, as a native input does (the export's "From" follows the day on screen).
  // Compared as contract values: a default of "now" differs on every render but not within its minute.
  const defaultMoved = kind.normalize(defaultValue ?? '') !== kind.normalize(seenDefault ?? '');
  if ((controlled && value !== seen) || (!controlled && !edited && defaultMoved)) {
    const next = kind.normalize(value ?? defaultValue ?? '');
    setSeen(value);
    setSeenDefault(defaultValue);
    setCurrent(next);
    setText(kind.format(next) || next);
  }

  // A form's reset button ("Clear") empties the field back to its default, as it would a native input.
  useEffect(() => {
    const form = input.current?.form;
    if (!form || controlled) return;
    const reset = () => {
      const next = kind.normalize(defaultValue ?? '');
      setCurrent(next);
      setText(kind.format(next) || next);
      setTouched(false);
      setEdited(false);
    };
    form.addEventListener('reset', reset);
    return () => form.removeEventListener('reset', reset);
  }, [controlled, defaultValue, kind]);

  const parsed = text.trim() === '' ? '' : kind.parse(text);
  const unreadable = parsed === null;
  const ownError = touched && unreadable ? kind.problem : undefined;
  const shownError = error ?? ownError;

  function commit(next: string) {
    if (next !== current) setEdited(true);
    setCurrent(next);
    setText(kind.format(next) || next);
    if (next !== current) onValueChange?.(next);
  }

  function onBlur() {
    setTouched(true);
    if (parsed !== null) commit(parsed);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && event.altKey) {
      event.preventDefault();
      setOpen(true);
      return;
    }
    if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && parsed) {
      event.preventDefault();
      const [date, time] = splitValue(parsed);
      commit(shiftCalendarDate(date, { days: event.key === 'ArrowUp' ? 1 : -1 }) + time);
    }
    if (event.key === 'Enter' && parsed !== null) commit(parsed);
  }

  function onPick(date: string) {
    const [, time] = splitValue(parsed || current);
    commit(kind === DATE ? date : `${date}${time || 'T00:00'}`);
    setOpen(false);
    input.current?.focus();
  }

  // What the form submits: the value read from the text, or the text itself so the form's parser can refuse it.
  const submitted = parsed ?? text;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={shownError}>
      <div className="relative flex">
        <input
          ref={input}
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={text}
          placeholder={kind.placeholder}
          required={required}
          disabled={disabled}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy(id, shownError, hint)}
          onChange={(event) => {
            setEdited(true);
            setText(event.currentTarget.value);
          }}
          onBlur={onBlur}
          onKeyDown={onKeyDown}
          className={cn(
            CONTROL,
            'rounded-r-none',
            shownError ? 'border-rose-400' : 'border-slate-300',
            className,
          )}
        />
        <button
          ref={toggle}
          type="button"
          disabled={disabled}
          // Not the field's label: `getByLabel(label)` and screen readers find the text box, the button follows it.
          aria-label="Open calendar"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen((was) => !was)}
          className="-ml-px inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-r-md border border-slate-300 bg-white text-slate-600 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor">
            <rect x="2" y="3" width="12" height="11" rx="1.5" />
            <path d="M2 6.5h12M5 1.5v3M11 1.5v3" />
          </svg>
        </button>
        {name ? <input type="hidden" name={name} value={submitted} /> : null}
        {open ? (
          <Calendar
            label={label}
            value={splitValue(parsed || current)[0]}
            onPick={onPick}
            onClose={() => {
              setOpen(false);
              input.current?.focus();
            }}
            onLeave={(left) => {
              // Focus going to the calendar button is that button's click, which closes the dialog itself.
              if (left !== toggle.current) setOpen(false);
            }}
          />
        ) : null}
      </div>
    </FieldFrame>
  );
}

/** A date in Amsterdam, shown "2 Dec 2026" whatever the browser's locale; submits "yyyy-mm-dd". */
export function DateField(props: DateFieldProps) {
  return <DateInput kind={DATE} {...props} />;
}

/** A date and 24-hour time in Amsterdam, shown "2 Dec 2026, 14:04"; submits "yyyy-mm-ddTHH:mm" (Amsterdam local). */
export function DateTimeField(props: DateFieldProps) {
  return <DateInput kind={DATE_TIME} {...props} />;
}
