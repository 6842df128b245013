'use client';

import { Badge, Card, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { ChannelForm } from './channel-form';
import { LogoCard } from './logo-card';
import { StateCard } from './state-card';

/** One channel: the edit form, its state and feed, its logo, its sources' full URLs and the packages it is sold in. */
export function ChannelDetail({ id, justCreated }: { id: string; justCreated: boolean }) {
  const trpc = useTRPC();
  const channel = useQuery(trpc.channels.get.queryOptions({ id }));
  if (channel.isPending) return <LoadingState rows={8} label="Loading the channel…" />;
  if (channel.isError) {
    return (
      <ErrorState
        title="The channel could not be loaded"
        message={describeQueryError(channel.error)}
        onRetry={() => void channel.refetch()}
        retrying={channel.isFetching}
      />
    );
  }
  const data = channel.data;
  return (
    <div className="space-y-4">
      {justCreated ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {data.name} was created as LCN {data.lcn}.
        </p>
      ) : null}
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <ChannelForm key={data.id} channel={data} />
        </div>
        <div className="space-y-5">
          <StateCard channel={data} canEdit />
          <LogoCard channelId={data.id} logoUrl={data.logoUrl} />
          <Card title="Packages" description="Where subscribers get this channel from.">
            {data.packages.length === 0 ? (
              <p className="text-sm text-slate-500">In no package yet: no subscriber can watch it.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {data.packages.map((pkg) => (
                  <li key={pkg.id} className="flex items-center gap-2">
                    <Link href={`/packages/${pkg.id}`} className="text-sky-800 hover:underline">
                      {pkg.name}
                    </Link>
                    <Badge tone={pkg.kind === 'BASE' ? 'info' : 'neutral'}>{pkg.kind.toLowerCase()}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
