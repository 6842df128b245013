import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  /** A small glyph or badge shown above the title. */
  icon?: ReactNode;
  /** The title's element: `h1` when the empty state is the whole page (not found), else a paragraph. */
  titleAs?: 'p' | 'h1' | 'h2';
}

export function EmptyState({ title, description, action, icon, titleAs: Title = 'p' }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center justify-center rounded-lg border border-dashed border-slate-300 bg-slate-50/60 px-6 py-10 text-center">
      {icon ? <div className="mb-3 text-slate-400">{icon}</div> : null}
      <Title className="text-sm font-semibold text-slate-800">{title}</Title>
      {description ? <p className="mt-1 max-w-md text-sm text-slate-500">{description}</p> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
