import { StatCard, StatGrid } from '@keten/ui';
import { formatCount } from '../format';
import { NocQoeSummary } from '../qoe/noc-qoe-summary';
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
        <NocQoeSummary />
        <RoleShortcuts forRole="NOC" />
      </div>
    </div>
  );
}
