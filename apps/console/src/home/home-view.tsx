'use client';

import type { TRole } from '@keten/contracts';
import { ErrorState, LoadingState, PageHeader } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { THomeSummary } from '../trpc/types';
import { AdminHome } from './admin-home';
import { ContentHome } from './content-home';
import { HOME_HEADINGS } from './headings';
import { NocHome } from './noc-home';
import { ProductHome } from './product-home';
import { RoleChangedNotice } from './role-changed-notice';
import { SupportHome } from './support-home';

const HOMES: Record<TRole, ComponentType<{ summary: THomeSummary }>> = {
  ADMIN: AdminHome,
  NOC: NocHome,
  CONTENT: ContentHome,
  SUPPORT: SupportHome,
  PRODUCT: ProductHome,
};

/** The role's home: heading from the session at once, cards from home.summary when it arrives. */
export function HomeView({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.home.summary.queryOptions());
  const heading = HOME_HEADINGS[role];
  const Body = HOMES[role];
  return (
    <>
      <PageHeader eyebrow="Home" title={heading.title} description={heading.description} />
      {summary.data && summary.data.role !== role ? (
        <RoleChangedNotice currentRole={summary.data.role} />
      ) : null}
      {summary.isPending ? (
        <LoadingState variant="stats" rows={4} label="Loading the overview…" />
      ) : summary.isError ? (
        <ErrorState
          title="The overview could not be loaded"
          message={describeQueryError(summary.error)}
          onRetry={() => void summary.refetch()}
          retrying={summary.isFetching}
        />
      ) : (
        <Body summary={summary.data} />
      )}
    </>
  );
}
