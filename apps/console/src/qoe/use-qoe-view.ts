'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  parseQoeView,
  qoeViewQuery,
  resolveRange,
  type TQoePage,
  type TQoeRange,
  type TQoeView,
} from './qoe-view';

/** Changes a view; given the latest one, so two quick changes (a range, then a metric) both stick. */
export type TSetQoeView = (change: (view: TQoeView) => TQoeView) => void;

/** The view in the URL, and a way to change it (replace: the back button leaves the page, not each click). */
export function useQoeView(page: TQoePage = 'live'): { view: TQoeView; setView: TSetQoeView } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo(() => parseQoeView(params, page), [params, page]);
  // A change not yet in the URL (router.replace lands after this render): the next change builds on it.
  const pending = useRef<TQoeView | null>(null);
  useEffect(() => {
    if (pending.current && qoeViewQuery(pending.current, page) === qoeViewQuery(view, page))
      pending.current = null;
  }, [view, page]);
  const setView = useCallback<TSetQoeView>(
    (change) => {
      const next = change(pending.current ?? view);
      pending.current = next;
      const query = qoeViewQuery(next, page);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router, view, page],
  );
  return { view, setView };
}

const alignedNow = (everyMs: number) => Math.floor(Date.now() / everyMs) * everyMs + everyMs;

/** The clock, advanced every `everyMs` (aligned, so views with the same step share their queries). */
export function useTick(everyMs: number): number {
  const [now, setNow] = useState(() => alignedNow(everyMs));
  useEffect(() => {
    const timer = setInterval(() => setNow(alignedNow(everyMs)), everyMs / 5);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Live refresh: a sliding range moves every `everyMs`, so its queries re-run; a fixed range stays put. */
export function useLiveRange(range: TQoeRange, everyMs = 10_000) {
  const now = useTick(everyMs);
  const key = range.kind === 'fixed' ? `${range.from.toISOString()}/${range.to.toISOString()}` : range.preset;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the range
  return useMemo(() => resolveRange(range, now), [now, key]);
}
