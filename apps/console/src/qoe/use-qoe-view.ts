'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseQoeView, qoeViewQuery, resolveRange, type TQoeRange, type TQoeView } from './qoe-view';

/** The view in the URL, and a way to change it (replace: the back button leaves the page, not each click). */
export function useQoeView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo(() => parseQoeView(params), [params]);
  const setView = useCallback(
    (next: TQoeView) => {
      const query = qoeViewQuery(next);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router],
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
