'use client';

import {
  amsterdamDate,
  calendarDateValue,
  formatDateText,
  MONTH_NAMES,
  readCalendarDate,
  shiftCalendarDate,
} from '@keten/contracts';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { cn } from './cn';

const WEEKDAYS = [
  ['Mo', 'Monday'],
  ['Tu', 'Tuesday'],
  ['We', 'Wednesday'],
  ['Th', 'Thursday'],
  ['Fr', 'Friday'],
  ['Sa', 'Saturday'],
  ['Su', 'Sunday'],
] as const;

/** Monday-first weeks of the month that holds `date`, as "yyyy-mm-dd" values (null pads the edges). */
function monthWeeks(date: string): (string | null)[][] {
  const { year, month } = readCalendarDate(date) ?? { year: 2026, month: 1 };
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day += 1) cells.push(calendarDateValue({ year, month, day }));
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
}

/** Keys that move the focused day, as in the WAI-ARIA date picker dialog pattern. */
function moved(date: string, key: string, shift: boolean): string | null {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  switch (key) {
    case 'ArrowLeft':
      return shiftCalendarDate(date, { days: -1 });
    case 'ArrowRight':
      return shiftCalendarDate(date, { days: 1 });
    case 'ArrowUp':
      return shiftCalendarDate(date, { days: -7 });
    case 'ArrowDown':
      return shiftCalendarDate(date, { days: 7 });
    case 'PageUp':
      return shiftCalendarDate(date, { months: shift ? -12 : -1 });
    case 'PageDown':
      return shiftCalendarDate(date, { months: shift ? 12 : 1 });
    case 'Home':
      return shiftCalendarDate(date, { days: -weekday });
    case 'End':
      return shiftCalendarDate(date, { days: 6 - weekday });
    default:
      return null;
  }
}

export interface CalendarProps {
  /** What the dialog is for, e.g. "From (Amsterdam)". */
  label: string;
  /** The chosen date ("yyyy-mm-dd"), or empty. */
  value: string;
  onPick: (date: string) => void;
  /** Escape closes and hands focus back; leaving the dialog (`left` is where focus went) dismisses it. */
  onClose: () => void;
  onLeave: (left: EventTarget | null) => void;
}

/** A month of days to pick from: arrows, PageUp/PageDown (Shift for a year), Home/End, Enter; Escape closes. */
export function Calendar({ label, value, onPick, onClose, onLeave }: CalendarProps) {
  const today = amsterdamDate(new Date());
  const [focused, setFocused] = useState(readCalendarDate(value) ? value : today);
  const grid = useRef<HTMLTableElement>(null);
  const { year, month } = readCalendarDate(focused) ?? { year: 2026, month: 1 };

  useEffect(() => {
    grid.current?.querySelector<HTMLButtonElement>(`button[data-date="${focused}"]`)?.focus();
  }, [focused]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (!(event.target instanceof HTMLButtonElement) || !event.target.dataset.date) return;
    const next = moved(focused, event.key, event.shiftKey);
    if (next) {
      event.preventDefault();
      setFocused(next);
    }
  }

  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-label={`Calendar: ${label.replace(/\s*\(.*\)$/, '')}`}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) onLeave(event.relatedTarget);
      }}
      className="absolute top-full left-0 z-30 mt-1 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg"
    >
      <div className="mb-1 flex items-center justify-between">
        <button
          type="button"
          className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
          aria-label="Previous month"
          onClick={() => setFocused(shiftCalendarDate(focused, { months: -1 }))}
        >
          ‹
        </button>
        <p className="text-sm font-semibold text-slate-800" aria-live="polite">
          {`${MONTH_NAMES[month - 1]} ${year}`}
        </p>
        <button
          type="button"
          className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
          aria-label="Next month"
          onClick={() => setFocused(shiftCalendarDate(focused, { months: 1 }))}
        >
          ›
        </button>
      </div>
      <table ref={grid} className="w-full table-fixed text-center text-xs">
        <caption className="sr-only">{`${MONTH_NAMES[month - 1]} ${year}`}</caption>
        <thead>
          <tr>
            {WEEKDAYS.map(([short, long]) => (
              <th key={short} scope="col" abbr={long} className="py-1 font-medium text-slate-500">
                {short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(focused).map((week) => (
            <tr key={week.find(Boolean) ?? 'pad'}>
              {week.map((date, i) =>
                date ? (
                  <td key={date}>
                    <button
                      type="button"
                      data-date={date}
                      tabIndex={date === focused ? 0 : -1}
                      aria-label={formatDateText(date)}
                      aria-pressed={date === value}
                      aria-current={date === today ? 'date' : undefined}
                      onClick={() => onPick(date)}
                      className={cn(
                        'h-7 w-7 rounded text-slate-800 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-600',
                        date === today && date !== value && 'font-bold text-sky-800',
                        date === value && 'bg-sky-700 text-white hover:bg-sky-800',
                      )}
                    >
                      {Number(date.slice(8))}
                    </button>
                  </td>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: padding cells have no identity but their place
                  <td key={`pad-${i}`} />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
