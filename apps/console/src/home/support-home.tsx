import { Button, Card, StatCard, StatGrid, TextField } from '@keten/ui';
import { formatCount } from '../format';
import type { THomeSummary } from '../trpc/types';
import { RoleShortcuts } from './role-shortcuts';

export function SupportHome({ summary }: { summary: THomeSummary }) {
  const { counts } = summary;
  return (
    <div className="space-y-5">
      <Card title="Find a subscriber" description="Subscriber lookup arrives in a later release.">
        <search>
          <form className="flex items-end gap-2" onSubmit={(event) => event.preventDefault()}>
            <div className="flex-1">
              <TextField
                label="Name, account number, serial or MAC"
                name="q"
                placeholder="e.g. 10042871 or 00:1A:2B:3C:4D:5E"
                disabled
              />
            </div>
            <Button type="submit" disabled>
              Search
            </Button>
          </form>
        </search>
      </Card>
      <StatGrid label="Subscribers">
        <StatCard label="Subscribers" value={counts.subscribers} />
        <StatCard
          label="Active subscribers"
          value={counts.activeSubscribers}
          hint={`${formatCount(counts.subscribers - counts.activeSubscribers)} inactive`}
        />
        <StatCard label="Devices" value={counts.devices} />
      </StatGrid>
      <RoleShortcuts forRole="SUPPORT" />
    </div>
  );
}
