'use client';

import { QOE_METRICS, type TQoeMetric } from '@keten/contracts';
import { ChartPanel } from '@keten/ui';
import Link from 'next/link';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { AlertMarkList, alertMarkKey, alertReferenceLines, type TAlertMark } from '../alerts/alert-marks';
import { formatClock, KIND_BY_NAME } from '../channels/health/health-format';
import { InlineSelect } from './inline-select';
import { formatAxisTime, formatMetric, METRIC_INFO, timeAxisProps } from './qoe-format';
import { spacedLabels } from './spaced-labels';
import type { TQoeAnnotation, TQoeSeries } from './types';

const ANNOTATION_KINDS_SHOWN = 12;

/** One KPI over time (refreshing with the range), with the feed findings of the channels in view on the same axis. */
export function QoeSeriesChart({
  series,
  annotations,
  metric,
  onMetricChange,
  loading,
  alertMarks = [],
}: {
  series: TQoeSeries | undefined;
  annotations: readonly TQoeAnnotation[];
  /** Alert transitions (alerts.timeline) drawn on the same axis. */
  alertMarks?: readonly TAlertMark[];
  metric: TQoeMetric;
  onMetricChange: (metric: TQoeMetric) => void;
  loading: boolean;
}) {
  const from = series ? new Date(series.range.from).getTime() : 0;
  const to = series ? new Date(series.range.to).getTime() : 1;
  const points = (series?.points ?? []).map((point) => ({
    at: new Date(point.t).getTime(),
    value: point[metric],
  }));
  const measured = points.some((point) => point.value !== null && point.value !== 0);
  const marks = annotations.filter((event) => {
    const at = new Date(event.startedAt).getTime();
    return at >= from && at <= to;
  });
  const labelled = spacedLabels(
    [
      ...marks.map((event) => ({ key: event.id, at: new Date(event.startedAt).getTime() })),
      ...alertMarks.map((mark) => ({ key: alertMarkKey(mark), at: new Date(mark.at).getTime() })),
    ],
    from,
    to,
  );
  const picker = (
    <InlineSelect
      label="Metric"
      value={metric}
      options={QOE_METRICS.map((option) => ({ value: option, label: METRIC_INFO[option].label }))}
      onChange={(value) => value && onMetricChange(value)}
    />
  );
  return (
    <div className="space-y-2">
      <ChartPanel
        title={METRIC_INFO[metric].label}
        description={
          series
            ? `Per ${series.range.bucketSeconds >= 3600 ? `${series.range.bucketSeconds / 3600} h` : `${series.range.bucketSeconds / 60} min`} · refreshes every 10 s · feed events as vertical lines`
            : 'Refreshes every 10 s'
        }
        actions={picker}
        height={260}
        loading={loading && !series}
        empty={
          series && !measured && marks.length === 0
            ? {
                title: 'No QoE beacons in this range',
                description:
                  'Widen the time range or remove a filter; boxes report within seconds of playing.',
              }
            : undefined
        }
      >
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis {...timeAxisProps(from, to)} />
          <YAxis fontSize={11} width={64} tickFormatter={(value: number) => formatMetric(metric, value)} />
          <Tooltip
            labelFormatter={(value) => formatAxisTime(Number(value), to - from)}
            formatter={(value) => [
              formatMetric(metric, typeof value === 'number' ? value : null),
              METRIC_INFO[metric].short,
            ]}
          />
          <Line
            dataKey="value"
            name={METRIC_INFO[metric].short}
            stroke="#0369a1"
            strokeWidth={2}
            dot={{ r: 2 }}
            connectNulls={false}
            isAnimationActive={false}
          />
          {marks.map((event) => (
            <ReferenceLine
              key={event.id}
              x={new Date(event.startedAt).getTime()}
              stroke={KIND_BY_NAME.get(event.kind)?.color ?? '#64748b'}
              strokeDasharray="4 2"
              label={
                labelled.has(event.id)
                  ? {
                      value: KIND_BY_NAME.get(event.kind)?.label ?? event.kind,
                      position: 'top',
                      fontSize: 10,
                    }
                  : undefined
              }
            />
          ))}
          {alertReferenceLines(alertMarks, labelled)}
        </LineChart>
      </ChartPanel>
      <AnnotationList events={marks} />
      <AlertMarkList marks={alertMarks} />
    </div>
  );
}

/** The vertical lines as links: each finding opens its channel's feed health page. */
function AnnotationList({ events }: { events: readonly TQoeAnnotation[] }) {
  if (events.length === 0) return null;
  const newest = [...events].reverse().slice(0, ANNOTATION_KINDS_SHOWN);
  return (
    <ul aria-label="Feed events on the time axis" className="flex flex-wrap gap-2 text-xs">
      {newest.map((event) => {
        const kind = KIND_BY_NAME.get(event.kind);
        return (
          <li key={event.id}>
            <Link
              href={`/channels/${event.channelId}/health`}
              title={event.cause}
              className="inline-flex items-center gap-1.5 rounded border border-slate-200 bg-white px-2 py-1 text-slate-700 hover:border-sky-300 hover:text-sky-800"
            >
              <span
                aria-hidden
                className="h-2 w-2 rounded-full"
                style={{ background: kind?.color ?? '#64748b' }}
              />
              {kind?.label ?? event.kind} · {event.channelName} · {formatClock(event.startedAt)}
            </Link>
          </li>
        );
      })}
      {events.length > newest.length ? (
        <li className="px-2 py-1 text-slate-500">and {events.length - newest.length} earlier</li>
      ) : null}
    </ul>
  );
}
