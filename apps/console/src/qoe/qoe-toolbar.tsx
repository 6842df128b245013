'use client';

import { QOE_DIMENSIONS } from '@keten/contracts';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { DIMENSION_LABELS, dimensionValueLabel } from './qoe-format';
import { qoeViewQuery, RANGE_LABELS, RANGE_PRESETS, type TQoeView, withoutFilter } from './qoe-view';
import type { TSetQoeView } from './use-qoe-view';

const PILL =
  'rounded px-2 py-1 text-xs font-medium border focus-visible:outline-2 focus-visible:outline-sky-600';

/** `YYYY-MM-DDTHH:mm` in the browser's zone, for a datetime-local field. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Live vs insight, the time range (sliding presets or a fixed one) and the stacked filters as removable chips. */
export function QoeToolbar({
  view,
  setView,
  page,
  channelNames,
}: {
  view: TQoeView;
  setView: TSetQoeView;
  page: 'live' | 'insight';
  channelNames: ReadonlyMap<string, string>;
}) {
  const chips = QOE_DIMENSIONS.flatMap((dimension) =>
    (view.filters[dimension] ?? []).map((value) => ({ dimension, value })),
  );
  const query = qoeViewQuery(view);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="QoE views" className="flex gap-1">
          {(
            [
              ['live', '/qoe', 'Live'],
              ['insight', '/qoe/insight', 'Box & firmware insight'],
            ] as const
          ).map(([key, href, label]) => (
            <Link
              key={key}
              href={query ? `${href}?${query}` : href}
              aria-current={page === key ? 'page' : undefined}
              className={`${PILL} ${page === key ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-200 bg-white text-slate-700 hover:bg-slate-50'}`}
            >
              {label}
            </Link>
          ))}
        </nav>
        <RangePicker view={view} setView={setView} />
      </div>
      <section className="flex flex-wrap items-center gap-2" aria-label="Filters">
        <span className="text-xs font-medium text-slate-500">Filters</span>
        {chips.length === 0 ? (
          <span className="text-xs text-slate-500">
            none: the whole fleet. Click a row below to drill down.
          </span>
        ) : (
          <>
            <ul className="flex flex-wrap gap-2">
              {chips.map(({ dimension, value }) => {
                const shown = `${DIMENSION_LABELS[dimension]}: ${dimensionValueLabel(dimension, value, channelNames)}`;
                return (
                  <li
                    key={`${dimension}:${value}`}
                    className="inline-flex items-center gap-1 rounded-full border border-sky-200 bg-sky-50 py-0.5 pr-1 pl-2.5 text-xs text-sky-900"
                  >
                    {shown}
                    <button
                      type="button"
                      aria-label={`Remove filter ${shown}`}
                      onClick={() => setView((current) => withoutFilter(current, dimension, value))}
                      className="rounded-full px-1.5 text-sky-700 hover:bg-sky-100"
                    >
                      ×
                    </button>
                  </li>
                );
              })}
            </ul>
            <button
              type="button"
              onClick={() => setView((current) => ({ ...current, filters: {} }))}
              className="text-xs text-slate-600 underline hover:text-slate-900"
            >
              Clear all
            </button>
          </>
        )}
      </section>
    </div>
  );
}

function RangePicker({ view, setView }: { view: TQoeView; setView: TSetQoeView }) {
  const [custom, setCustom] = useState(view.range.kind === 'fixed');
  const [error, setError] = useState<string | null>(null);
  const selected = view.range.kind === 'preset' ? view.range.preset : 'fixed';
  function applyFixed(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const from = new Date(String(data.get('from') ?? ''));
    const to = new Date(String(data.get('to') ?? ''));
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
      return setError('Give both a start and an end.');
    if (to <= from) return setError('The end must be after the start.');
    if (to.getTime() - from.getTime() > 90 * 86_400_000) return setError('A range spans at most 90 days.');
    setError(null);
    setView((current) => ({ ...current, range: { kind: 'fixed', from, to } }));
  }
  const fixed = view.range.kind === 'fixed' ? view.range : null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <fieldset className="flex flex-wrap gap-1" aria-label="Time range">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={selected === preset}
            title={RANGE_LABELS[preset]}
            onClick={() => {
              setCustom(false);
              setView((current) => ({ ...current, range: { kind: 'preset', preset } }));
            }}
            className={`${PILL} ${selected === preset ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-200 bg-white text-slate-700 hover:bg-slate-50'}`}
          >
            {preset}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={custom || selected === 'fixed'}
          onClick={() => setCustom(!custom)}
          className={`${PILL} ${custom || selected === 'fixed' ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-200 bg-white text-slate-700 hover:bg-slate-50'}`}
        >
          Custom
        </button>
      </fieldset>
      {custom ? (
        <form
          onSubmit={applyFixed}
          aria-label="Custom range"
          noValidate
          className="flex flex-wrap items-center gap-2 text-xs"
        >
          <label className="flex items-center gap-1">
            From
            <input
              type="datetime-local"
              name="from"
              defaultValue={localInput(fixed?.from ?? new Date(Date.now() - 3_600_000))}
              className="h-8 rounded border border-slate-300 px-1"
            />
          </label>
          <label className="flex items-center gap-1">
            To
            <input
              type="datetime-local"
              name="to"
              defaultValue={localInput(fixed?.to ?? new Date())}
              className="h-8 rounded border border-slate-300 px-1"
            />
          </label>
          <button
            type="submit"
            className={`${PILL} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}
          >
            Apply
          </button>
          {error ? (
            <span role="alert" className="text-rose-700">
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
