import { z } from 'zod';
import { zText } from './text';

/**
 * One shape for every server-side table: page (1-based), page size, sort column, direction and a
 * free-text search. The console keeps it in the URL so a view can be shared.
 */
export function listInputSchema<const TSort extends readonly [string, ...string[]]>(sortable: TSort) {
  return z.object({
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
    sort: z.enum(sortable).optional(),
    dir: z.enum(['asc', 'desc']).default('asc'),
    q: zText(200).trim().optional(),
  });
}

export interface TListPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
