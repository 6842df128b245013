'use client';

import { Badge, Card, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TSharingSignal } from '../trpc/types';

const KIND_LABELS: Record<TSharingSignal['kind'], string> = {
  many_addresses: 'Many addresses',
  over_limit: 'Above the stream limit',
  parallel_renditions: 'Parallel renditions',
  no_beacons: 'Requests without beacons',
};

/**
 * Signs that an account is shared or restreamed, from the delivery records of its boxes over the last 24 hours;
 * each signal says what was seen, with its numbers, so support can explain it to the caller.
 */
export function SharingSignalsCard({ subscriberId }: { subscriberId: string }) {
  const trpc = useTRPC();
  const signals = useQuery(trpc.delivery.sharingSignals.queryOptions({ subscriberId, hours: 24 }));
  const title = 'Sharing and restreaming signals';
  if (signals.isPending) return <LoadingState variant="table" rows={2} label="Loading sharing signals…" />;
  if (signals.isError)
    return (
      <ErrorState
        title="Sharing signals could not be loaded"
        message={describeQueryError(signals.error)}
        onRetry={() => void signals.refetch()}
        retrying={signals.isFetching}
      />
    );
  const list = signals.data.signals;
  return (
    <Card title={title} description="From the media requests of this subscriber’s boxes, last 24 hours">
      {list.length === 0 ? (
        <p className="text-sm text-slate-600">
          Nothing stands out: every box fetched from a few addresses, within the account’s stream limit, one
          rendition at a time, for sessions that sent QoE beacons.
        </p>
      ) : (
        <ul className="space-y-3" aria-label={title}>
          {list.map((signal) => (
            <li key={`${signal.kind}:${signal.deviceId ?? 'account'}`} className="text-sm">
              <div className="flex items-center gap-2">
                <Badge tone="warning">{KIND_LABELS[signal.kind]}</Badge>
                <span className="text-xs text-slate-500">{signal.serial ?? 'whole account'}</span>
              </div>
              <p className="mt-1 text-slate-800">{signal.explanation}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
