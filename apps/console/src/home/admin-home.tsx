import { buttonClassName, Card, ChartPanel, DataTable, StatCard, StatGrid } from '@keten/ui';
import Link from 'next/link';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ActorName, EntityName, entityTypeLabel } from '../audit/audit-columns';
import { barChartHeight, integerAxis } from '../chart-axis';
import { formatCount, formatDateTime } from '../format';
import type { THomeSummary } from '../trpc/types';

type TRecentAudit = THomeSummary['recentAudit'][number];

function changesByEntityType(entries: TRecentAudit[]): { entityType: string; changes: number }[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const type = entityTypeLabel(entry.entityType);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts]
    .map(([entityType, changes]) => ({ entityType, changes }))
    .sort((a, b) => b.changes - a.changes || a.entityType.localeCompare(b.entityType));
}

export function AdminHome({ summary }: { summary: THomeSummary }) {
  const { counts, recentAudit } = summary;
  const byEntityType = changesByEntityType(recentAudit);
  const axis = integerAxis(Math.max(0, ...byEntityType.map((row) => row.changes)));
  return (
    <div className="space-y-5">
      <StatGrid label="Platform">
        <StatCard label="Operators" value={counts.operators} />
        <StatCard
          label="Channels"
          value={counts.channels}
          hint={`${formatCount(counts.liveChannels)} on air`}
        />
        <StatCard
          label="Subscribers"
          value={counts.subscribers}
          hint={`${formatCount(counts.activeSubscribers)} active`}
        />
        <StatCard label="Devices" value={counts.devices} />
      </StatGrid>
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <Card
            title="Recent audit entries"
            description="What operators and the system changed last; box activations are in the audit log."
            flush
            actions={
              <Link href="/audit" className={buttonClassName({ variant: 'secondary', size: 'sm' })}>
                Open audit log
              </Link>
            }
          >
            <DataTable<TRecentAudit>
              caption="Recent audit entries"
              rows={recentAudit}
              rowKey={(row) => row.id}
              empty={<p className="py-4 text-center text-sm text-slate-500">No changes recorded yet.</p>}
              columns={[
                {
                  key: 'at',
                  header: 'When (Amsterdam)',
                  cell: (row) => formatDateTime(row.at),
                  className: 'whitespace-nowrap',
                },
                { key: 'actor', header: 'Who', cell: (row) => <ActorName actor={row.actor} /> },
                {
                  key: 'entity',
                  header: 'What',
                  cell: (row) => <EntityName entry={row} />,
                  className: 'w-full max-w-0',
                },
              ]}
            />
          </Card>
        </div>
        <ChartPanel
          title="Recent changes by entity"
          description={
            recentAudit.length > 0
              ? `Last ${recentAudit.length} changes by operators and the system`
              : undefined
          }
          empty={byEntityType.length === 0 ? { title: 'No changes recorded yet' } : undefined}
          height={barChartHeight(byEntityType.length)}
        >
          {/* Horizontal bars: every entity type keeps a readable label; the count axis has whole-number ticks. */}
          <BarChart data={byEntityType} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
            <XAxis
              type="number"
              allowDecimals={false}
              domain={axis.domain}
              ticks={axis.ticks}
              tick={{ fontSize: 11 }}
            />
            <YAxis type="category" dataKey="entityType" width={110} tick={{ fontSize: 11 }} interval={0} />
            <Tooltip cursor={{ fill: '#f1f5f9' }} />
            <Bar
              dataKey="changes"
              name="Changes"
              fill="#0369a1"
              radius={[0, 3, 3, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ChartPanel>
      </div>
    </div>
  );
}
