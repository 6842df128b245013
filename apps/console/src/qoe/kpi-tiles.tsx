'use client';

import { QOE_METRICS, type TQoeMetric } from '@keten/contracts';
import { StatCard, StatGrid } from '@keten/ui';
import { changeTone, formatChange, formatMetric, METRIC_INFO } from './qoe-format';
import type { TQoeKpis } from './types';

const TONE_CLASS = { good: 'text-emerald-700', bad: 'text-rose-700', flat: 'text-slate-500' } as const;

/** One KPI with its change against the period before (`before` names that period). */
export function KpiTile({
  metric,
  tile,
  before,
}: {
  metric: TQoeMetric;
  tile: TQoeKpis['tiles'][TQoeMetric];
  before: string;
}) {
  return (
    <StatCard
      label={METRIC_INFO[metric].label}
      value={formatMetric(metric, tile.value)}
      hint={
        <span className={TONE_CLASS[changeTone(metric, tile.change)]}>
          {formatChange(tile.change)}
          {tile.change === null ? '' : ` vs ${formatMetric(metric, tile.previous)} ${before}`}
        </span>
      }
    />
  );
}

/** Every KPI over the range, with its change against the period of the same length just before. */
export function KpiTiles({ kpis, label = 'Live KPIs' }: { kpis: TQoeKpis; label?: string }) {
  return (
    <StatGrid label={label}>
      {QOE_METRICS.map((metric) => (
        <KpiTile key={metric} metric={metric} tile={kpis.tiles[metric]} before="before" />
      ))}
    </StatGrid>
  );
}
