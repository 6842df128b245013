'use client';

import { useState } from 'react';
import { Button } from './button';

/** A destructive or costly action asks once, inline, before it runs. */
export function ConfirmButton({
  label,
  question,
  busy,
  onConfirm,
}: {
  label: string;
  question: string;
  busy?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button size="sm" variant="secondary" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    // Wraps inside a narrow box so asking does not widen the table's actions column past the page.
    <span className="flex max-w-52 flex-wrap items-center justify-end gap-1.5 text-right text-xs text-slate-700">
      <span>{question}</span>
      <Button
        size="sm"
        variant="danger"
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
