'use client';

import { Badge, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { SharingSignalsCard } from '../delivery/sharing-signals-card';
import { BoxesCard } from '../devices/boxes-card';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { EntitlementsCard } from './entitlements-card';
import { humanize, STATUS_TONE } from './labels';
import { SubscriberForm } from './subscriber-form';
import { SubscriptionsCard } from './subscriptions-card';
import { TelemetryCard } from './telemetry-card';

/** Everything support needs about one household: boxes, entitlements, sessions, subscriptions and details. */
export function SubscriberView({ id }: { id: string }) {
  const trpc = useTRPC();
  const subscriber = useQuery(trpc.subscribers.get.queryOptions({ id }));
  if (subscriber.isPending) return <LoadingState variant="table" rows={6} label="Loading the subscriber…" />;
  if (subscriber.isError) {
    return (
      <ErrorState
        title="The subscriber could not be loaded"
        message={describeQueryError(subscriber.error)}
        onRetry={() => void subscriber.refetch()}
        retrying={subscriber.isFetching}
      />
    );
  }
  const s = subscriber.data;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm text-slate-600">
        <h2 className="text-lg font-semibold text-slate-900">{s.name}</h2>
        <span className="font-mono">{s.accountNumber}</span>
        <Badge tone={STATUS_TONE[s.status]}>{humanize(s.status)}</Badge>
        <span>{s.email ?? 'no email'}</span>
        <span>{[s.city, s.region].filter(Boolean).join(', ')}</span>
        <span>{s.maxConcurrentStreams} concurrent streams</span>
      </div>
      <BoxesCard subscriberId={s.id} />
      <div className="grid items-start gap-5 xl:grid-cols-2">
        <EntitlementsCard subscriberId={s.id} />
        <TelemetryCard subscriberId={s.id} />
      </div>
      <SharingSignalsCard subscriberId={s.id} />
      <SubscriptionsCard subscriberId={s.id} rows={s.subscriptions} />
      <SubscriberForm key={s.updatedAt.toString()} subscriber={s} />
    </div>
  );
}
