'use client';

import { ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { MembershipEditor } from './membership-editor';
import { PackageForm } from './package-form';

export function PackageDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const pkg = useQuery(trpc.packages.get.queryOptions({ id }));
  if (pkg.isPending) return <LoadingState rows={8} label="Loading the package…" />;
  if (pkg.isError) {
    return (
      <ErrorState
        title="The package could not be loaded"
        message={describeQueryError(pkg.error)}
        onRetry={() => void pkg.refetch()}
        retrying={pkg.isFetching}
      />
    );
  }
  return (
    <div className="grid items-start gap-5 xl:grid-cols-3">
      <div className="xl:col-span-2">
        <MembershipEditor packageId={pkg.data.id} memberIds={pkg.data.channels.map((c) => c.id)} />
      </div>
      <PackageForm key={pkg.data.id} pkg={pkg.data} />
    </div>
  );
}
