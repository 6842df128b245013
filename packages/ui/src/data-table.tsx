import type { ReactNode } from 'react';
import { cn } from './cn';

export interface DataTableColumn<Row> {
  /** Stable key for React; also used as the header when `header` is omitted. */
  key: string;
  header?: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
  className?: string;
  /** The server-side sort key this column sorts by; the header becomes a sort button. */
  sortKey?: string;
}

export interface DataTableSort {
  sort: string | undefined;
  dir: 'asc' | 'desc';
  onSort: (sortKey: string) => void;
}

export interface DataTableProps<Row> {
  /** Accessible name of the table, read by screen readers. */
  caption: string;
  columns: DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown in place of the body when there are no rows. */
  empty?: ReactNode;
  /** Highlights the row with this key (e.g. the one shown in a detail panel). */
  selectedKey?: string;
  /** Server-side sorting: which column is sorted and how to change it. */
  sorting?: DataTableSort;
}

function SortHeader({
  label,
  sortKey,
  sorting,
}: {
  label: ReactNode;
  sortKey: string;
  sorting: DataTableSort;
}) {
  const active = sorting.sort === sortKey;
  return (
    <button
      type="button"
      onClick={() => sorting.onSort(sortKey)}
      className="inline-flex items-center gap-1 hover:text-slate-900"
    >
      {label}
      <span aria-hidden className={active ? 'text-slate-900' : 'text-slate-300'}>
        {active && sorting.dir === 'desc' ? '▼' : '▲'}
      </span>
    </button>
  );
}

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  selectedKey,
  sorting,
}: DataTableProps<Row>) {
  return (
    // relative: the sr-only header labels are absolutely positioned; without a positioned ancestor they escape
    // this scroll box and widen the whole page. A table wider than its card scrolls here, never the page.
    <div className="relative overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50/80">
            {columns.map((col) => (
              <th
                key={col.key}
                scope="col"
                aria-sort={
                  sorting && col.sortKey && sorting.sort === col.sortKey
                    ? sorting.dir === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
                className={cn(
                  'px-3 py-2 text-xs font-semibold whitespace-nowrap text-slate-600 first:pl-4 last:pr-4',
                  col.align === 'right' && 'text-right',
                )}
              >
                {col.sortKey && sorting ? (
                  <SortHeader label={col.header ?? col.key} sortKey={col.sortKey} sorting={sorting} />
                ) : (
                  (col.header ?? col.key)
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="p-4">
                {empty ?? <p className="text-center text-sm text-slate-500">No rows.</p>}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr
                key={rowKey(row)}
                className={cn(
                  'align-top',
                  // A half-strength tint and a bar at the start: secondary (slate-500) text keeps its 4.5:1 contrast.
                  rowKey(row) === selectedKey
                    ? 'bg-sky-50/50 shadow-[inset_3px_0_0_var(--color-sky-600)]'
                    : 'hover:bg-slate-50/70',
                )}
              >
                {columns.map((col) => (
                  <td
                    key={col.key}
                    className={cn(
                      'px-3 py-2 text-slate-800 first:pl-4 last:pr-4',
                      col.align === 'right' && 'text-right tabular-nums',
                      col.className,
                    )}
                  >
                    {col.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
