'use client';

import { Card, DataTable, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import type { TDeviceRow } from '../subscribers/types';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { DeviceActions } from './device-actions';
import { DEVICE_COLUMNS } from './device-columns';

/** A subscriber's boxes with their token state, activation code and actions. */
export function BoxesCard({ subscriberId }: { subscriberId: string }) {
  const trpc = useTRPC();
  const boxes = useQuery(trpc.subscribers.devices.list.queryOptions({ subscriberId, pageSize: 50 }));
  return (
    <Card title="Boxes" description={boxes.data ? `${boxes.data.total} assigned` : undefined} flush>
      {boxes.isPending ? (
        <LoadingState variant="table" rows={2} label="Loading boxes…" />
      ) : boxes.isError ? (
        <ErrorState
          title="Boxes could not be loaded"
          message={describeQueryError(boxes.error)}
          onRetry={() => void boxes.refetch()}
          retrying={boxes.isFetching}
        />
      ) : (
        <DataTable<TDeviceRow>
          caption="Boxes"
          rows={boxes.data.items}
          rowKey={(row) => row.id}
          empty={
            <p className="py-4 text-center text-sm text-slate-500">No boxes assigned to this subscriber.</p>
          }
          columns={[
            ...DEVICE_COLUMNS,
            {
              key: 'code',
              header: 'Activation code',
              cell: (row) => <span className="font-mono">{row.activationCode ?? '—'}</span>,
            },
            {
              key: 'actions',
              header: <span className="sr-only">Actions</span>,
              align: 'right',
              cell: (row) => (
                <DeviceActions
                  deviceId={row.id}
                  assigned={row.subscriber !== null}
                  revoked={row.tokenState === 'REVOKED'}
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
