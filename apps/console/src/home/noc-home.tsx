import { ChartPanel, StatCard, StatGrid } from '@keten/ui';
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { formatCount } from '../format';
import type { THomeSummary } from '../trpc/types';
import { RoleShortcuts } from './role-shortcuts';

export function NocHome({ summary }: { summary: THomeSummary }) {
  const { counts } = summary;
  return (
    <div className="space-y-5">
      <StatGrid label="Fleet">
        <StatCard
          label="Channels on air"
          value={counts.liveChannels}
          hint={`of ${formatCount(counts.channels)} channels`}
        />
        <StatCard label="Devices" value={counts.devices} />
        <StatCard
          label="Active subscribers"
          value={counts.activeSubscribers}
          hint={`of ${formatCount(counts.subscribers)} subscribers`}
        />
        <StatCard
          label="Box models"
          value={counts.boxModels}
          hint={`${formatCount(counts.firmwareVersions)} firmware versions`}
        />
      </StatGrid>
      <div className="grid gap-5 xl:grid-cols-2">
        <ChartPanel
          title="Video start time, p95"
          description="Per box model, last 24 hours"
          empty={{
            title: 'No QoE telemetry yet',
            description:
              'Boxes start reporting start time, zap time and buffering with the telemetry release.',
          }}
        >
          <LineChart data={[]}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="at" />
            <YAxis />
            <Line dataKey="videoStartTimeP95" isAnimationActive={false} />
          </LineChart>
        </ChartPanel>
        <RoleShortcuts forRole="NOC" />
      </div>
    </div>
  );
}
