'use client';

import { Line, LineChart, YAxis } from 'recharts';

/** A row's trend over the range, small enough for a table cell; gaps where nothing was measured. */
export function Sparkline({
  points,
  label,
  color = '#0369a1',
}: {
  points: readonly { t: string; value: number | null }[];
  label: string;
  color?: string;
}) {
  const measured = points.filter((point) => point.value !== null).length;
  if (measured === 0) return <span className="text-xs text-slate-400">no data</span>;
  return (
    <div role="img" aria-label={label} className="inline-block">
      <LineChart width={112} height={28} data={[...points]} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={['dataMin', 'dataMax']} />
        <Line
          dataKey="value"
          stroke={color}
          strokeWidth={1.5}
          dot={{ r: 1.5, strokeWidth: 0, fill: color }}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
