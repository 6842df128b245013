import { ChartPanel, StatCard, StatGrid } from '@keten/ui';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { barChartHeight, integerAxis } from '../chart-axis';
import type { THomeSummary } from '../trpc/types';
import { RoleShortcuts } from './role-shortcuts';

export function ProductHome({ summary }: { summary: THomeSummary }) {
  const { counts, firmwareShare } = summary;
  const bars = firmwareShare.map((row) => ({
    label: `${row.boxModel} ${row.firmware}`,
    devices: row.devices,
  }));
  const axis = integerAxis(Math.max(0, ...bars.map((bar) => bar.devices)));
  return (
    <div className="space-y-5">
      <StatGrid label="Fleet">
        <StatCard label="Box models" value={counts.boxModels} />
        <StatCard label="Firmware versions" value={counts.firmwareVersions} />
        <StatCard label="Devices" value={counts.devices} />
        <StatCard label="Active subscribers" value={counts.activeSubscribers} />
      </StatGrid>
      <div className="grid gap-5 xl:grid-cols-2">
        <ChartPanel
          title="Active boxes per firmware"
          description="Where the fleet stands before the next rollout wave"
          height={barChartHeight(bars.length)}
          empty={bars.length === 0 ? { title: 'No active boxes yet' } : undefined}
        >
          <BarChart data={bars} layout="vertical" margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} domain={axis.domain} ticks={axis.ticks} />
            {/* interval 0: every bar keeps its label (Recharts otherwise drops the ones it thinks crowded). */}
            <YAxis type="category" dataKey="label" width={190} tick={{ fontSize: 11 }} interval={0} />
            <Tooltip />
            <Bar dataKey="devices" name="Active boxes" fill="#0369a1" isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
        <RoleShortcuts forRole="PRODUCT" />
      </div>
    </div>
  );
}
