'use client';

import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

const STATUS_TONE = { PENDING: 'warning', DELIVERED: 'success', FAILED: 'danger' } as const;

/** Each webhook message with its attempts and last outcome (retried with backoff up to 6 times). */
export function DeliveriesCard() {
  const trpc = useTRPC();
  const deliveries = useQuery({
    ...trpc.alerts.deliveries.queryOptions({ limit: 100 }),
    refetchInterval: 30_000,
  });
  return (
    <Card
      title="Webhook deliveries"
      description="Signed messages to the webhooks, newest first; a failed attempt is retried with backoff."
      flush
    >
      {deliveries.isError ? (
        <div className="p-4">
          <ErrorState
            title="Deliveries unavailable"
            message={describeQueryError(deliveries.error)}
            onRetry={() => void deliveries.refetch()}
          />
        </div>
      ) : deliveries.isPending ? (
        <div className="p-4">
          <LoadingState label="Loading deliveries" />
        </div>
      ) : (
        <DataTable
          caption="Webhook deliveries"
          rows={deliveries.data}
          rowKey={(d) => d.id}
          empty={
            <EmptyState
              title="No messages sent yet"
              description="A firing or resolving alert posts one message per webhook."
            />
          }
          columns={[
            {
              key: 'status',
              header: 'Status',
              cell: (d) => <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>,
            },
            { key: 'webhook', header: 'Webhook', cell: (d) => d.webhook.name },
            {
              key: 'message',
              header: 'Message',
              cell: (d) => (
                <span className="text-xs">
                  {d.transition}: {d.event.message}
                </span>
              ),
            },
            { key: 'attempts', header: 'Attempts', align: 'right', cell: (d) => d.attempts },
            {
              key: 'last',
              header: 'Last outcome',
              cell: (d) => (
                <span className="text-xs">
                  {d.lastError ?? (d.lastStatusCode ? `answered ${d.lastStatusCode}` : '—')}
                </span>
              ),
            },
            { key: 'at', header: 'Created', cell: (d) => formatDateTime(d.createdAt) },
          ]}
        />
      )}
    </Card>
  );
}
