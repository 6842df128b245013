'use client';

import { ChartPanel, ErrorState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { integerAxis } from '../chart-axis';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { IDLE_POLL_MS, LIVE_POLL_MS } from './job-state';

const SERIES = [
  { key: 'waiting', name: 'Waiting', fill: '#0369a1' },
  { key: 'delayed', name: 'Delayed', fill: '#7c3aed' },
  { key: 'active', name: 'Running', fill: '#d97706' },
  { key: 'failed', name: 'Failed', fill: '#e11d48' },
] as const;

/** Live queue depths from BullMQ; completed is a total, so it is a number, not a bar. */
export function QueueDepths() {
  const trpc = useTRPC();
  const queues = useQuery({
    ...trpc.jobs.queues.queryOptions(),
    refetchInterval: (query) =>
      query.state.data?.some((q) => q.active + q.waiting + q.delayed > 0) ? LIVE_POLL_MS : IDLE_POLL_MS,
  });
  if (queues.isError)
    return (
      <ErrorState
        title="Queue depths unavailable"
        message={describeQueryError(queues.error)}
        onRetry={() => void queues.refetch()}
      />
    );
  const rows = queues.data ?? [];
  // Stacked bars: the axis runs to the deepest queue's total, in whole jobs (one waiting job read 0–4).
  const axis = integerAxis(Math.max(0, ...rows.map((q) => SERIES.reduce((sum, s) => sum + q[s.key], 0))));
  return (
    <ChartPanel
      title="Queue depths"
      description={
        <span>
          {rows.map((q) => (
            <span key={q.queue} className="mr-3 tabular-nums">
              {q.queue}: {q.waiting} waiting · {q.active} running · {q.delayed} delayed · {q.failed} failed ·{' '}
              {q.completed} completed
            </span>
          ))}
        </span>
      }
      height={160}
      loading={queues.isPending}
    >
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
        <XAxis
          type="number"
          allowDecimals={false}
          domain={axis.domain}
          ticks={axis.ticks}
          tick={{ fontSize: 11 }}
        />
        <YAxis type="category" dataKey="queue" tick={{ fontSize: 11 }} width={72} />
        <Tooltip cursor={{ fill: '#f1f5f9' }} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {SERIES.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="depth"
            fill={s.fill}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartPanel>
  );
}
