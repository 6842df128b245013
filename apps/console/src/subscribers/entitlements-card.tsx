'use client';

import { formatAmsterdam } from '@keten/contracts';
import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TEntitlementRow } from './types';

/** Which channels the subscriber may watch right now, through which package, until when. */
export function EntitlementsCard({ subscriberId, status }: { subscriberId: string; status: string }) {
  const trpc = useTRPC();
  const entitlements = useQuery(trpc.subscribers.entitlements.queryOptions({ id: subscriberId }));
  const body = entitlements.isPending ? (
    <LoadingState variant="table" rows={4} label="Loading entitlements…" />
  ) : entitlements.isError ? (
    <ErrorState
      title="Entitlements could not be loaded"
      message={describeQueryError(entitlements.error)}
      onRetry={() => void entitlements.refetch()}
      retrying={entitlements.isFetching}
    />
  ) : entitlements.data.length === 0 ? (
    <div className="p-4">
      <EmptyState
        title="No channels"
        description="No subscription is running today, so no channel is entitled."
      />
    </div>
  ) : (
    <div className="max-h-96 overflow-y-auto">
      <DataTable<TEntitlementRow>
        caption="Entitled channels"
        rows={entitlements.data}
        rowKey={(row) => row.channelId}
        columns={[
          { key: 'lcn', header: 'No.', align: 'right', cell: (row) => row.lcn },
          { key: 'name', header: 'Channel', cell: (row) => row.name },
          {
            key: 'via',
            header: 'From package',
            cell: (row) => (
              <span className="flex flex-wrap gap-1">
                {row.via.map((via) => (
                  <Badge key={via.packageCode} tone="info">
                    {via.packageName}
                    {via.until ? ` · until ${formatAmsterdam(new Date(via.until))}` : ''}
                  </Badge>
                ))}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
  return (
    <Card
      title="Entitlements"
      description={
        entitlements.data
          ? `${entitlements.data.length} channels from running subscriptions${status === 'ACTIVE' ? '' : ` · account is ${status.toLowerCase()}: boxes are blocked`}`
          : 'Channels from running subscriptions'
      }
      flush
    >
      {body}
    </Card>
  );
}
