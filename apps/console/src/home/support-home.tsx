import { Button, Card, StatCard, StatGrid, TextField } from '@keten/ui';
import { formatCount } from '../format';
import type { THomeSummary } from '../trpc/types';
import { RoleShortcuts } from './role-shortcuts';

export function SupportHome({ summary }: { summary: THomeSummary }) {
  const { counts } = summary;
  return (
    <div className="space-y-5">
      <Card title="Find a subscriber" description="Partial name, account number, e-mail, box serial or MAC.">
        <search>
          {/* A plain GET to the lookup page, which reads ?q= from the URL. */}
          <form className="flex items-end gap-2" action="/support" method="get">
            <div className="flex-1">
              <TextField
                label="Name, account number, serial or MAC"
                name="q"
                placeholder="e.g. KT1000042 or 0a:89"
                required
                minLength={2}
              />
            </div>
            <Button type="submit">Search</Button>
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
