import type { ReactNode } from 'react';

export interface StatCardProps {
  label: string;
  value: number | string;
  /** A short line under the value, e.g. "of 1,204 channels". */
  hint?: ReactNode;
}

const NUMBER = new Intl.NumberFormat('en');

export function StatCard({ label, value, hint }: StatCardProps) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {typeof value === 'number' ? NUMBER.format(value) : value}
      </dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

/** A responsive grid of StatCards, announced as one description list. */
export function StatGrid({ label, children }: { label: string; children: ReactNode }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4">
      {children}
    </dl>
  );
}
