import { StatCard, StatGrid } from '@keten/ui';
import { formatCount } from '../format';
import type { THomeSummary } from '../trpc/types';
import { RoleShortcuts } from './role-shortcuts';

export function ContentHome({ summary }: { summary: THomeSummary }) {
  const { counts } = summary;
  return (
    <div className="space-y-5">
      <StatGrid label="Catalogue">
        <StatCard
          label="Channels"
          value={counts.channels}
          hint={`${formatCount(counts.liveChannels)} on air`}
        />
        <StatCard label="Programmes" value={counts.programmes} hint="in the EPG" />
        <StatCard label="Encoding profiles" value={counts.encodingProfiles} />
        <StatCard label="Packages" value={counts.packages} />
      </StatGrid>
      <RoleShortcuts forRole="CONTENT" />
    </div>
  );
}
