'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export interface TListState {
  page: number;
  pageSize: number;
  sort: string | undefined;
  dir: 'asc' | 'desc';
  q: string | undefined;
  /** Any other filter kept in the URL (e.g. status=ACTIVE). */
  filters: Record<string, string>;
}

const RESERVED = new Set(['page', 'pageSize', 'sort', 'dir', 'q']);

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * A server-side table's state (page, size, sort, search, filters) kept in the URL, so a view can be
 * bookmarked and shared. Changing the search or a filter returns to page 1.
 */
export function useListState(defaults: { pageSize?: number; sort?: string; dir?: 'asc' | 'desc' } = {}) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const state = useMemo<TListState>(() => {
    const filters: Record<string, string> = {};
    for (const [key, value] of params.entries()) if (!RESERVED.has(key) && value) filters[key] = value;
    const dir = params.get('dir');
    return {
      page: positiveInt(params.get('page'), 1),
      pageSize: Math.min(200, positiveInt(params.get('pageSize'), defaults.pageSize ?? 50)),
      sort: params.get('sort') ?? defaults.sort,
      dir: dir === 'asc' || dir === 'desc' ? dir : (defaults.dir ?? 'asc'),
      q: params.get('q') || undefined,
      filters,
    };
  }, [params, defaults.pageSize, defaults.sort, defaults.dir]);

  const update = useCallback(
    (changes: Record<string, string | number | undefined>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (!('page' in changes)) next.delete('page');
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  return {
    state,
    setPage: (page: number) => update({ page }),
    setSearch: (q: string) => update({ q }),
    setFilter: (key: string, value: string | undefined) => update({ [key]: value }),
    /** Click a sortable header: first ascending, then descending. */
    toggleSort: (sort: string) =>
      update({ sort, dir: state.sort === sort && state.dir === 'asc' ? 'desc' : 'asc' }),
  };
}

/** A URL value narrowed to one of the allowed values (a hand-edited URL cannot send anything else). */
export function pickAllowed<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  return allowed.find((item) => item === value);
}
