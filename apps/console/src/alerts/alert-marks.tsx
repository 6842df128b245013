'use client';

import type { TQoeFilters } from '@keten/contracts';
import Link from 'next/link';
import { ReferenceLine } from 'recharts';
import { formatDateTime } from '../format';
import type { TRouterOutputs } from '../trpc/types';
import { dimensionsText } from './alert-format';

export type TAlertMark = TRouterOutputs['alerts']['timeline'][number];

const COLOR = { FIRING: '#be123c', RESOLVED: '#047857' } as const;

/**
 * The alert transitions that concern a QoE view: an alert whose group names a dimension the view filters must be one
 * of the filtered values (a firmware 6.2 alert is left out of a view of firmware 6.1); the rest always concern it.
 */
export function marksInView(marks: readonly TAlertMark[], filters: TQoeFilters): TAlertMark[] {
  return marks.filter((mark) => {
    const dimensions = (mark.dimensions ?? {}) as Record<string, string>;
    return Object.entries(filters).every(([dimension, values]) => {
      const value = dimensions[dimension];
      return value === undefined || !values || values.length === 0 || values.includes(value);
    });
  });
}

/** A transition's key among a chart's lines. */
export const alertMarkKey = (mark: TAlertMark) => `${mark.alertId}-${mark.transition}`;

/**
 * Vertical lines on a Recharts time axis (x in epoch ms), solid: red when an alert fired, green when it resolved;
 * worded only when `labelled` has the line (labels that would overprint are left to the list under the chart).
 */
export function alertReferenceLines(marks: readonly TAlertMark[], labelled?: ReadonlySet<string>) {
  return marks.map((mark) => (
    <ReferenceLine
      key={alertMarkKey(mark)}
      x={new Date(mark.at).getTime()}
      stroke={COLOR[mark.transition]}
      strokeWidth={1.5}
      label={
        labelled && !labelled.has(alertMarkKey(mark))
          ? undefined
          : {
              value: mark.transition === 'FIRING' ? 'alert' : 'resolved',
              position: 'insideTopRight',
              fontSize: 10,
            }
      }
    />
  ));
}

/** The same transitions as links to the alerts page, newest first. */
export function AlertMarkList({ marks }: { marks: readonly TAlertMark[] }) {
  if (marks.length === 0) return null;
  const newest = [...marks].reverse().slice(0, 12);
  return (
    <ul aria-label="Alerts on the time axis" className="flex flex-wrap gap-2 text-xs">
      {newest.map((mark) => (
        <li key={`${mark.alertId}-${mark.transition}`}>
          <Link
            href="/alerts"
            title={mark.message}
            className="inline-flex items-center gap-1.5 rounded border border-slate-200 bg-white px-2 py-1 text-slate-700 hover:border-sky-300 hover:text-sky-800"
          >
            <span
              aria-hidden
              className="h-2 w-2 rounded-full"
              style={{ background: COLOR[mark.transition] }}
            />
            {mark.transition === 'FIRING' ? 'Alert' : 'Resolved'} · {mark.ruleName}
            {dimensionsText(mark.dimensions, mark.channel)
              ? ` (${dimensionsText(mark.dimensions, mark.channel)})`
              : ''}{' '}
            · {formatDateTime(mark.at)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
