'use client';

import { parseAmsterdamTime, QOE_DIMENSIONS, QOE_MAX_RANGE_DAYS } from '@keten/contracts';
import { Button, DateTimeField } from '@keten/ui';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { DIMENSION_LABELS, dimensionValueLabel } from './qoe-format';
import { qoeViewQuery, RANGE_LABELS, RANGE_PRESETS, type TQoeView, withoutFilter } from './qoe-view';
import { useBoxModelNames } from './use-box-model-names';
import { useFirmwareLabels } from './use-firmware-labels';
import type { TSetQoeView } from './use-qoe-view';

const PILL =
  'rounded px-2 py-1 text-xs font-medium border focus-visible:outline-2 focus-visible:outline-sky-600';

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
  // The URL as it stands: a range left at this page's default stays out, so the other page opens at its own.
  const query = qoeViewQuery(view, page);
  const chips = QOE_DIMENSIONS.flatMap((dimension) =>
    (view.filters[dimension] ?? []).map((value) => ({ dimension, value })),
  );
  const modelNames = useBoxModelNames();
  const firmwareLabels = useFirmwareLabels(view.filters.firmware ?? []);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="QoE views" className="flex gap-1">
          {(
            [
              ['live', '/qoe', 'Live'],
              ['insight', '/qoe/insight', 'Box & firmware insight'],
              ['delivery', '/qoe/delivery', 'Delivery'],
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
                const shown = `${DIMENSION_LABELS[dimension]}: ${dimensionValueLabel(dimension, value, channelNames, firmwareLabels, modelNames)}`;
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

type TRangeErrors = { from?: string; to?: string };

const DATE_TIME_PROBLEM = 'enter a date and 24-hour time like 2 Dec 2026, 14:04';

/** The custom range's two fields (Amsterdam local, as DateTimeField submits them) as instants, or why not. */
function readFixedRange(
  data: FormData,
): { ok: true; from: Date; to: Date } | { ok: false; errors: TRangeErrors } {
  // Predicates: the field puts its label in front ("To: must be after the start").
  const read = (name: 'from' | 'to') => {
    const text = String(data.get(name) ?? '').trim();
    if (text === '') return { error: 'is required' };
    const parsed = parseAmsterdamTime(text);
    if (parsed.ok) return { instant: parsed.instant };
    // Text the field could not read reaches here as typed: ask for the format the field shows.
    return { error: /^\d{4}-\d{2}-\d{2}T/.test(text) ? parsed.message : DATE_TIME_PROBLEM };
  };
  const from = read('from');
  const to = read('to');
  if (!from.instant || !to.instant) return { ok: false, errors: { from: from.error, to: to.error } };
  if (to.instant <= from.instant) return { ok: false, errors: { to: 'must be after the start' } };
  if (to.instant.getTime() - from.instant.getTime() > QOE_MAX_RANGE_DAYS * 86_400_000) {
    return { ok: false, errors: { to: `must be at most ${QOE_MAX_RANGE_DAYS} days after the start` } };
  }
  return { ok: true, from: from.instant, to: to.instant };
}

function RangePicker({ view, setView }: { view: TQoeView; setView: TSetQoeView }) {
  const [custom, setCustom] = useState(view.range.kind === 'fixed');
  const [errors, setErrors] = useState<TRangeErrors>({});
  const selected = view.range.kind === 'preset' ? view.range.preset : 'fixed';
  function applyFixed(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const range = readFixedRange(new FormData(event.currentTarget));
    if (!range.ok) return setErrors(range.errors);
    setErrors({});
    setView((current) => ({ ...current, range: { kind: 'fixed', from: range.from, to: range.to } }));
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
          className="flex flex-wrap items-end gap-2"
        >
          <div className="w-56">
            <DateTimeField
              label="From (Amsterdam)"
              name="from"
              defaultValue={(fixed?.from ?? new Date(Date.now() - 3_600_000)).toISOString()}
              error={errors.from}
            />
          </div>
          <div className="w-56">
            <DateTimeField
              label="To (Amsterdam)"
              name="to"
              defaultValue={(fixed?.to ?? new Date()).toISOString()}
              error={errors.to}
            />
          </div>
          <Button type="submit" variant="secondary">
            Apply
          </Button>
        </form>
      ) : null}
    </div>
  );
}
