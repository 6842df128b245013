'use client';

import { type ReactNode, useState } from 'react';
import { Button } from './button';

/** A destructive or costly action asks once, inline, before it runs. */
export function ConfirmButton({
  label,
  question,
  busy,
  onConfirm,
  name,
  tone = 'danger',
  align = 'end',
  disabled,
}: {
  label: string;
  /** What will happen, asked next to the "Yes" button; may render live facts (it mounts only when asked). */
  question: ReactNode;
  busy?: boolean;
  onConfirm: () => void;
  /** The trigger's accessible name when the label alone is ambiguous in a list, e.g. "Disable NPO 1". */
  name?: string;
  /** 'primary' for an action that gives access back (re-enable) rather than taking it away. */
  tone?: 'danger' | 'primary';
  /** 'end' (default) keeps a table's actions column narrow; 'start' asks in full width, as in a card. */
  align?: 'end' | 'start';
  /** Why the action is not available now; set, the trigger is disabled and says so on hover. */
  disabled?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button
        size="sm"
        variant="secondary"
        aria-label={name}
        disabled={disabled !== undefined}
        title={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </Button>
    );
  return (
    // Wraps inside a narrow box so asking does not widen the table's actions column past the page.
    <span
      className={
        align === 'end'
          ? 'flex max-w-52 flex-wrap items-center justify-end gap-1.5 text-right text-xs text-slate-700'
          : 'flex w-full flex-wrap items-center gap-1.5 text-sm text-slate-700'
      }
    >
      <span className={align === 'start' ? 'w-full' : undefined}>{question}</span>
      <Button
        size="sm"
        variant={tone}
        busy={busy}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        Yes, {label.toLowerCase()}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setAsking(false)}>
        Keep
      </Button>
    </span>
  );
}
