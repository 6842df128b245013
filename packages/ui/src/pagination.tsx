import { Button } from './button';

export interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  /** What is being counted, e.g. "subscribers". */
  noun?: string;
}

/** "1–50 of 10,000 subscribers" with previous/next; pages are 1-based, as in the URL. */
export function Pagination({ page, pageSize, total, onPage, noun = 'rows' }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const fmt = (n: number) => n.toLocaleString('en-GB');
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between gap-3 px-4 py-2 text-sm text-slate-600"
    >
      <span>
        {fmt(first)}–{fmt(last)} of {fmt(total)} {noun}
      </span>
      <span className="flex items-center gap-2">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <span className="tabular-nums">
          Page {fmt(page)} of {fmt(pages)}
        </span>
        <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </span>
    </nav>
  );
}
