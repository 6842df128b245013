import { ChartPanel, StatCard, StatGrid } from '@keten/ui';
import { Bar, BarChart, XAxis, YAxis } from 'recharts';
import type { THomeSummary } from '../trpc/types';
import { RoleShortcuts } from './role-shortcuts';

export function ProductHome({ summary }: { summary: THomeSummary }) {
  const { counts } = summary;
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
          title="Rollout progress"
          description="Boxes updated per wave (counted after the new version plays a first frame)"
          empty={{ title: 'No rollouts yet', description: 'Rollouts in waves arrive in a later release.' }}
        >
          <BarChart data={[]}>
            <XAxis dataKey="wave" />
            <YAxis />
            <Bar dataKey="updated" isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
        <RoleShortcuts forRole="PRODUCT" />
      </div>
    </div>
  );
}
