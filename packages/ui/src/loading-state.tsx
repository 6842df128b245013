import { Skeleton } from './skeleton';

export interface LoadingStateProps {
  /** What the skeleton imitates: a grid of stat cards, table rows, or lines of text. */
  variant?: 'stats' | 'table' | 'lines';
  rows?: number;
  /** Read out by screen readers instead of the skeleton. */
  label?: string;
}

export function LoadingState({ variant = 'lines', rows = 4, label = 'Loading…' }: LoadingStateProps) {
  const items = Array.from({ length: rows }, (_, i) => i);
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {variant === 'stats' ? (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4">
          {items.map((i) => (
            <div key={i} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
              <Skeleton className="h-3 w-24" />
              <Skeleton className="mt-2.5 h-6 w-16" />
            </div>
          ))}
        </div>
      ) : variant === 'table' ? (
        <div className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          <div className="flex gap-6 px-4 py-2.5">
            <Skeleton className="h-3 w-24" />
            <Skeleton className="h-3 w-32" />
            <Skeleton className="h-3 w-20" />
          </div>
          {items.map((i) => (
            <div key={i} className="flex gap-6 px-4 py-3">
              <Skeleton className="h-3.5 w-40" />
              <Skeleton className="h-3.5 w-28" />
              <Skeleton className="h-3.5 w-16" />
            </div>
          ))}
        </div>
      ) : (
        <div className="space-y-2.5">
          {items.map((i) => (
            <Skeleton key={i} className={i % 2 ? 'h-3.5 w-2/3' : 'h-3.5 w-5/6'} />
          ))}
        </div>
      )}
    </div>
  );
}
