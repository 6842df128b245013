'use client';

import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TSessionRow } from './types';

/** The boxes' recent playback sessions from the QoE store. */
export function TelemetryCard({ subscriberId }: { subscriberId: string }) {
  const trpc = useTRPC();
  const telemetry = useQuery(trpc.subscribers.telemetry.queryOptions({ id: subscriberId }));
  const body = telemetry.isPending ? (
    <LoadingState variant="table" rows={3} label="Loading sessions…" />
  ) : telemetry.isError ? (
    <ErrorState
      title="The QoE store could not be read"
      message={describeQueryError(telemetry.error)}
      onRetry={() => void telemetry.refetch()}
      retrying={telemetry.isFetching}
    />
  ) : telemetry.data.sessions.length === 0 ? (
    <div className="p-4">
      <EmptyState
        title="No playback sessions reported by these boxes yet"
        description={`Sessions appear here once the boxes send QoE beacons (last ${telemetry.data.windowDays} days shown).`}
      />
    </div>
  ) : (
    <DataTable<TSessionRow>
      caption="Recent playback sessions"
      rows={telemetry.data.sessions}
      rowKey={(row) => row.sessionId}
      columns={[
        { key: 'at', header: 'Started', cell: (row) => formatDateTime(row.startedAt) },
        { key: 'channel', header: 'Channel', cell: (row) => row.channelId || '—' },
        {
          key: 'start',
          header: 'Video start',
          align: 'right',
          cell: (row) => (row.videoStartMs === null ? 'no first frame' : `${row.videoStartMs} ms`),
        },
        {
          key: 'stall',
          header: 'Stalled',
          align: 'right',
          cell: (row) => `${(row.stallMs / 1000).toFixed(1)} s`,
        },
        {
          key: 'errors',
          header: 'Errors',
          cell: (row) =>
            row.errorCodes.length
              ? row.errorCodes.map((code) => (
                  <Badge key={code} tone="danger">
                    {code}
                  </Badge>
                ))
              : '—',
        },
      ]}
    />
  );
  return (
    <Card title="Playback sessions" description="From the QoE store, newest first" flush>
      {body}
    </Card>
  );
}
