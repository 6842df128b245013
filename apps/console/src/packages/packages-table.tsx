'use client';

import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TPackageRow } from './types';

export function KindBadge({ kind }: { kind: 'BASE' | 'ADDON' }) {
  return <Badge tone={kind === 'BASE' ? 'info' : 'neutral'}>{kind === 'BASE' ? 'base' : 'add-on'}</Badge>;
}

/** Every package (a handful, so one query): base first, with channel and subscription counts. */
export function PackagesTable() {
  const trpc = useTRPC();
  const packages = useQuery(trpc.packages.list.queryOptions());
  if (packages.isPending) return <LoadingState variant="table" rows={4} label="Loading packages…" />;
  if (packages.isError) {
    return (
      <ErrorState
        title="Packages could not be loaded"
        message={describeQueryError(packages.error)}
        onRetry={() => void packages.refetch()}
        retrying={packages.isFetching}
      />
    );
  }
  return (
    <Card title="Packages" description={`${packages.data.length} packages`} flush>
      <DataTable<TPackageRow>
        caption="Packages"
        rows={packages.data}
        rowKey={(row) => row.id}
        empty={<EmptyState title="No packages yet" description="Create a base package first." />}
        columns={[
          {
            key: 'name',
            header: 'Package',
            cell: (row) => (
              <div>
                <Link href={`/packages/${row.id}`} className="font-medium text-sky-800 hover:underline">
                  {row.name}
                </Link>
                <div className="font-mono text-xs text-slate-500">{row.code}</div>
              </div>
            ),
          },
          { key: 'kind', header: 'Kind', cell: (row) => <KindBadge kind={row.kind} /> },
          {
            key: 'channels',
            header: 'Channels',
            align: 'right',
            cell: (row) => formatCount(row.channelCount),
          },
          {
            key: 'subscriptions',
            header: 'Subscriptions',
            align: 'right',
            cell: (row) => formatCount(row.subscriptionCount),
          },
          {
            key: 'description',
            header: 'Description',
            cell: (row) => <span className="text-xs text-slate-600">{row.description ?? '—'}</span>,
          },
        ]}
      />
    </Card>
  );
}
