'use client';

import { ChartPanel } from '@keten/ui';
import { CartesianGrid, ReferenceArea, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTime } from '../../format';
import {
  formatClock,
  isQcKind,
  KIND_BY_NAME,
  KIND_ROWS,
  type TChannelHealth,
  timeTicks,
  windowLabel,
} from './health-format';

type TPoint = { x: number; y: number; kind: string; cause: string };

export const TIMELINE_WINDOWS = [15, 60, 360] as const;
export type TTimelineWindow = (typeof TIMELINE_WINDOWS)[number];
const WINDOW_LABELS: Record<TTimelineWindow, string> = { 15: '15 min', 60: '1 h', 360: '6 h' };

/**
 * The window's findings on one time axis, one row per kind: a mark where each starts, and for QC findings
 * (black, freeze, silence, loudness) a bar to where it ended, or to now while it lasts.
 */
export function IngestTimeline({
  health,
  loading,
  windowMinutes,
  onWindowChange,
}: {
  health: TChannelHealth | undefined;
  loading: boolean;
  windowMinutes: TTimelineWindow;
  onWindowChange: (minutes: TTimelineWindow) => void;
}) {
  const from = health ? new Date(health.window.from).getTime() : 0;
  const to = health ? new Date(health.window.to).getTime() : 1;
  const events = health?.timeline?.events ?? [];
  const byKind = KIND_ROWS.map((row) => ({
    ...row,
    points: events
      .filter((event) => event.kind === row.kind)
      .map(
        (event): TPoint => ({
          x: Math.max(from, new Date(event.startedAt).getTime()),
          y: KIND_BY_NAME.get(row.kind)?.index ?? 0,
          kind: row.label,
          cause: event.cause,
        }),
      ),
  }));
  const spans = events.flatMap((event) => {
    const row = KIND_BY_NAME.get(event.kind);
    if (!row || !isQcKind(event.kind)) return [];
    const end = event.endedAt ? new Date(event.endedAt).getTime() : to;
    return [
      { id: event.id, row, x1: Math.max(from, new Date(event.startedAt).getTime()), x2: Math.min(to, end) },
    ];
  });
  const span = health ? windowLabel(health.window.from, health.window.to) : '';
  const actions = (
    <fieldset className="flex gap-1" aria-label="Timeline window">
      {TIMELINE_WINDOWS.map((minutes) => (
        <button
          key={minutes}
          type="button"
          aria-pressed={minutes === windowMinutes}
          onClick={() => onWindowChange(minutes)}
          className={`rounded px-2 py-0.5 text-xs ${
            minutes === windowMinutes
              ? 'bg-slate-900 text-white'
              : 'bg-slate-100 text-slate-700 hover:bg-slate-200'
          }`}
        >
          {WINDOW_LABELS[minutes]}
        </button>
      ))}
    </fieldset>
  );

  return (
    <ChartPanel
      title="Ingest and QC timeline"
      description={`Last ${span}, one row per kind of finding; Amsterdam time.`}
      actions={actions}
      height={300}
      loading={loading}
      empty={
        health && events.length === 0
          ? {
              title: `No ingest events in the last ${span}`,
              description:
                'Failovers, QC findings (black, freeze, silence, loudness) and probes show up here.',
            }
          : undefined
      }
    >
      <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis
          type="number"
          dataKey="x"
          domain={[from, to]}
          scale="time"
          ticks={timeTicks(from, to)}
          tickFormatter={(value: number) => formatTime(value)}
          tick={{ fontSize: 11 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          domain={[-0.5, KIND_ROWS.length - 0.5]}
          ticks={KIND_ROWS.map((_, index) => index)}
          tickFormatter={(value: number) => KIND_ROWS[value]?.label ?? ''}
          reversed
          interval={0}
          width={96}
          tick={{ fontSize: 11 }}
        />
        <Tooltip
          cursor={{ strokeDasharray: '3 3' }}
          content={({ payload }) => {
            const point = payload?.[0]?.payload as TPoint | undefined;
            return point ? (
              <div className="rounded-md border border-slate-200 bg-white px-2 py-1 text-xs shadow-sm">
                <p className="font-medium">
                  {point.kind} at {formatClock(point.x)}
                </p>
                {point.cause ? <p className="text-slate-600">{point.cause}</p> : null}
              </div>
            ) : null;
          }}
        />
        {spans.map((span) => (
          <ReferenceArea
            key={span.id}
            x1={span.x1}
            x2={Math.max(span.x2, span.x1 + (to - from) / 400)}
            y1={span.row.index - 0.3}
            y2={span.row.index + 0.3}
            fill={span.row.color}
            fillOpacity={0.35}
            stroke="none"
            ifOverflow="hidden"
          />
        ))}
        {byKind.map((row) => (
          <Scatter
            key={row.kind}
            name={row.label}
            data={row.points}
            fill={row.color}
            shape={row.kind === 'failover' || row.kind === 'return' ? 'triangle' : 'circle'}
            isAnimationActive={false}
          />
        ))}
      </ScatterChart>
    </ChartPanel>
  );
}
