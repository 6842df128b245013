'use client';

import { cn } from '@keten/ui';

interface TChip {
  label: string;
  pressed: boolean;
  onToggle: () => void;
}

/** Toggle chips for the feeds table; each is a pressed/unpressed button a screen reader announces as such. */
export function FilterChips({ chips }: { chips: readonly TChip[] }) {
  return (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="sr-only">Filters</legend>
      {chips.map((chip) => (
        <button
          key={chip.label}
          type="button"
          aria-pressed={chip.pressed}
          onClick={chip.onToggle}
          className={cn(
            'inline-flex h-7 items-center gap-1.5 rounded-full px-3 text-xs font-medium ring-1 ring-inset transition-colors',
            'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600',
            chip.pressed
              ? 'bg-sky-700 text-white ring-sky-700 hover:bg-sky-800'
              : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
          )}
        >
          {chip.pressed ? <span aria-hidden>✓</span> : null}
          {chip.label}
        </button>
      ))}
    </fieldset>
  );
}
