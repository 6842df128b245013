import {
  QOE_DIMENSIONS,
  QOE_MAX_RANGE_DAYS,
  QOE_METRICS,
  QOE_RANKED_METRICS,
  type TQoeDimension,
  type TQoeFilters,
  type TQoeMetric,
  type TQoeRankedMetric,
} from '@keten/contracts';

/**
 * Everything a QoE view shows lives in its URL, so a pasted link opens the same view: the range (a sliding preset
 * like Grafana's `now-1h`, or fixed `from`/`to`), the stacked filters (one repeated parameter per dimension), the
 * charted metric and, on the insight page, the ranking and the A-vs-B comparison.
 */
export const RANGE_PRESETS = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;
export type TRangePreset = (typeof RANGE_PRESETS)[number];
const PRESET_MS: Record<TRangePreset, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
export const RANGE_LABELS: Record<TRangePreset, string> = {
  '15m': 'Last 15 min',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

export type TQoeRange = { kind: 'preset'; preset: TRangePreset } | { kind: 'fixed'; from: Date; to: Date };

/**
 * Each page's default range, left out of its URL: the live page the last hour; the insight page a day, since an hour
 * of a small fleet (the demo's 200 boxes) leaves most firmware "too small to trust".
 */
export const PAGE_DEFAULT_RANGE = { live: '1h', insight: '24h' } as const satisfies Record<
  string,
  TRangePreset
>;
export type TQoePage = keyof typeof PAGE_DEFAULT_RANGE;

export interface TQoeView {
  range: TQoeRange;
  filters: TQoeFilters;
  /** The metric the time series charts. */
  chart: TQoeMetric;
  /** Insight: rank `dimension` values by `rankBy`. */
  rankDimension: TQoeDimension;
  rankBy: TQoeRankedMetric;
  /** Insight: firmware A vs B within one box model. */
  model: string | undefined;
  firmwareA: string | undefined;
  firmwareB: string | undefined;
}

export const DEFAULT_VIEW: TQoeView = {
  range: { kind: 'preset', preset: '1h' },
  filters: {},
  chart: 'videoStartTimeP95',
  rankDimension: 'firmware',
  rankBy: 'rebufferingRatio',
  model: undefined,
  firmwareA: undefined,
  firmwareB: undefined,
};

type TParams = { get(name: string): string | null; getAll(name: string): string[] };

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.find((item) => item === value) ?? fallback;

function fixedRange(from: string | null, to: string | null): TQoeRange | undefined {
  if (!from || !to) return undefined;
  const [start, end] = [new Date(from), new Date(to)];
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) return undefined;
  if (end.getTime() - start.getTime() > QOE_MAX_RANGE_DAYS * 86_400_000) return undefined;
  return { kind: 'fixed', from: start, to: end };
}

/** The view a URL describes; anything a hand-edited URL gets wrong falls back to the default. */
export function parseQoeView(params: TParams, page: TQoePage = 'live'): TQoeView {
  const filters: TQoeFilters = {};
  for (const dimension of QOE_DIMENSIONS) {
    const values = [...new Set(params.getAll(dimension).filter((value) => value.length > 0))].slice(0, 50);
    if (values.length > 0) filters[dimension] = values;
  }
  const text = (name: string) => params.get(name) || undefined;
  return {
    range: fixedRange(params.get('from'), params.get('to')) ?? {
      kind: 'preset',
      preset: pick(params.get('range'), RANGE_PRESETS, PAGE_DEFAULT_RANGE[page]),
    },
    filters,
    chart: pick(params.get('chart'), QOE_METRICS, DEFAULT_VIEW.chart),
    rankDimension: pick(params.get('rank'), QOE_DIMENSIONS, DEFAULT_VIEW.rankDimension),
    rankBy: pick(params.get('by'), QOE_RANKED_METRICS, DEFAULT_VIEW.rankBy),
    model: text('model'),
    firmwareA: text('a'),
    firmwareB: text('b'),
  };
}

/** The URL query of a view on `page`: defaults are left out, so the plain page is `/qoe`. */
export function qoeViewQuery(view: TQoeView, page: TQoePage = 'live'): string {
  const params = new URLSearchParams();
  if (view.range.kind === 'fixed') {
    params.set('from', view.range.from.toISOString());
    params.set('to', view.range.to.toISOString());
  } else if (view.range.preset !== PAGE_DEFAULT_RANGE[page]) params.set('range', view.range.preset);
  for (const dimension of QOE_DIMENSIONS) {
    for (const value of view.filters[dimension] ?? []) params.append(dimension, value);
  }
  if (view.chart !== DEFAULT_VIEW.chart) params.set('chart', view.chart);
  if (view.rankDimension !== DEFAULT_VIEW.rankDimension) params.set('rank', view.rankDimension);
  if (view.rankBy !== DEFAULT_VIEW.rankBy) params.set('by', view.rankBy);
  if (view.model) params.set('model', view.model);
  if (view.firmwareA) params.set('a', view.firmwareA);
  if (view.firmwareB) params.set('b', view.firmwareB);
  return params.toString();
}

/** Drill-down: a row's value joins its dimension's filter (filters stack). */
export function withFilter(view: TQoeView, dimension: TQoeDimension, value: string): TQoeView {
  const current = view.filters[dimension] ?? [];
  if (current.includes(value)) return view;
  return { ...view, filters: { ...view.filters, [dimension]: [...current, value] } };
}

/** Removing a chip. */
export function withoutFilter(view: TQoeView, dimension: TQoeDimension, value: string): TQoeView {
  const rest = (view.filters[dimension] ?? []).filter((item) => item !== value);
  const filters = { ...view.filters };
  if (rest.length > 0) filters[dimension] = rest;
  else delete filters[dimension];
  return { ...view, filters };
}

/** The range as instants at `now` (a preset slides with the clock; a fixed range does not). */
export function resolveRange(range: TQoeRange, now: number): { from: Date; to: Date } {
  if (range.kind === 'fixed') return { from: range.from, to: range.to };
  return { from: new Date(now - PRESET_MS[range.preset]), to: new Date(now) };
}
