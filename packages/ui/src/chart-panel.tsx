'use client';

import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';
import { Card } from './card';
import { EmptyState } from './empty-state';
import { Skeleton } from './skeleton';

export interface ChartPanelProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Chart height in pixels; the width follows the panel. */
  height?: number;
  loading?: boolean;
  /** When set, the panel shows this empty state instead of the chart. */
  empty?: { title: string; description?: ReactNode };
  /** One Recharts chart element (LineChart, BarChart, …); it is sized by the panel. */
  children: ReactElement;
}

export function ChartPanel({
  title,
  description,
  actions,
  height = 220,
  loading,
  empty,
  children,
}: ChartPanelProps) {
  return (
    <Card title={title} description={description} actions={actions}>
      <div style={{ height }} className="w-full">
        {loading ? (
          <div role="status" className="flex h-full items-end gap-2">
            <span className="sr-only">Loading {title}…</span>
            {[40, 65, 50, 80, 60, 72, 45, 90].map((h) => (
              <Skeleton key={h} className="flex-1" style={{ height: `${h}%` }} />
            ))}
          </div>
        ) : empty ? (
          <div className="flex h-full items-center justify-center">
            <EmptyState title={empty.title} description={empty.description} />
          </div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
