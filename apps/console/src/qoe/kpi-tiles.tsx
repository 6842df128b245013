'use client';

import { QOE_METRICS } from '@keten/contracts';
import { StatCard, StatGrid } from '@keten/ui';
import { changeTone, formatChange, formatMetric, METRIC_INFO } from './qoe-format';
import type { TQoeKpis } from './types';

const TONE_CLASS = { good: 'text-emerald-700', bad: 'text-rose-700', flat: 'text-slate-500' } as const;

/** Every KPI over the range, with its change against the period of the same length just before. */
export function KpiTiles({ kpis, label = 'Live KPIs' }: { kpis: TQoeKpis; label?: string }) {
  return (
    <StatGrid label={label}>
      {QOE_METRICS.map((metric) => {
        const tile = kpis.tiles[metric];
        const tone = changeTone(metric, tile.change);
        return (
          <StatCard
            key={metric}
            label={METRIC_INFO[metric].label}
            value={formatMetric(metric, tile.value)}
            hint={
              <span className={TONE_CLASS[tone]}>
                {formatChange(tile.change)}
                {tile.change !== null ? ` vs ${formatMetric(metric, tile.previous)} before` : ''}
              </span>
            }
          />
        );
      })}
    </StatGrid>
  );
}
