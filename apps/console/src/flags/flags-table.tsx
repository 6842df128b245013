'use client';

import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatDateTime } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TFlagRow } from './types';

/** Every flag: its type, what boxes get by default, how many rules, the kill switch, the next scheduled change. */
export function FlagsTable() {
  const trpc = useTRPC();
  const flags = useQuery(trpc.flags.list.queryOptions());
  if (flags.isPending) return <LoadingState variant="table" rows={4} label="Loading flags…" />;
  if (flags.isError) {
    return (
      <ErrorState
        title="Flags could not be loaded"
        message={describeQueryError(flags.error)}
        onRetry={() => void flags.refetch()}
        retrying={flags.isFetching}
      />
    );
  }
  return (
    <Card title="Flags" description={`${flags.data.length} flags`} flush>
      <DataTable<TFlagRow>
        caption="Feature flags"
        rows={flags.data}
        rowKey={(row) => row.id}
        empty={
          <EmptyState
            title="No flags yet"
            description="Create one: boxes read it from /v1/config on their next poll."
          />
        }
        columns={[
          {
            key: 'key',
            header: 'Flag',
            cell: (row) => (
              <div>
                <Link
                  href={`/flags/${row.id}`}
                  className="font-mono font-medium text-sky-800 hover:underline"
                >
                  {row.key}
                </Link>
                <div className="text-xs text-slate-500">{row.description ?? ''}</div>
              </div>
            ),
          },
          { key: 'type', header: 'Type', cell: (row) => row.type },
          {
            key: 'state',
            header: 'State',
            cell: (row) =>
              row.killed ? <Badge tone="danger">killed</Badge> : <Badge tone="success">live</Badge>,
          },
          {
            key: 'default',
            header: 'Default',
            cell: (row) => <code className="text-xs">{JSON.stringify(row.defaultValue)}</code>,
          },
          { key: 'rules', header: 'Rules', align: 'right', cell: (row) => row.ruleCount },
          { key: 'version', header: 'Version', align: 'right', cell: (row) => row.version },
          {
            key: 'scheduled',
            header: 'Next scheduled change',
            cell: (row) => (row.nextScheduledAt ? formatDateTime(row.nextScheduledAt) : '—'),
          },
        ]}
      />
    </Card>
  );
}
