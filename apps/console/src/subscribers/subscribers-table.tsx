'use client';

import { REGIONS, SUBSCRIBER_STATUSES, type TSubscriberStatus } from '@keten/contracts';
import {
  Badge,
  buttonClassName,
  Card,
  DataTable,
  ErrorState,
  LoadingState,
  Pagination,
  SelectField,
} from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ListSearch } from '../shell/list-search';
import { pickAllowed, useListState } from '../shell/use-list-state';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { humanize, STATUS_TONE } from './labels';
import type { TSubscriberRow } from './types';

type TSort = 'accountNumber' | 'name' | 'email' | 'region' | 'status' | 'createdAt';
const SORTS = [
  'accountNumber',
  'name',
  'email',
  'region',
  'status',
  'createdAt',
] as const satisfies readonly TSort[];

/** The subscribers table: paging, sorting, search and filters run on the server and live in the URL. */
export function SubscribersTable() {
  const trpc = useTRPC();
  const list = useListState({ sort: 'accountNumber' });
  const { state } = list;
  const input = {
    page: state.page,
    pageSize: state.pageSize,
    sort: pickAllowed(state.sort, SORTS),
    dir: state.dir,
    q: state.q,
    status: pickAllowed<TSubscriberStatus>(state.filters.status, SUBSCRIBER_STATUSES),
    region: pickAllowed(state.filters.region, REGIONS),
  };
  const subscribers = useQuery({
    ...trpc.subscribers.list.queryOptions(input),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-end gap-3">
          <ListSearch
            label="Search subscribers"
            value={state.q}
            onSearch={list.setSearch}
            placeholder="Name, email or account number"
          />
          <div className="w-44">
            <SelectField
              label="Status"
              placeholder="All statuses"
              value={input.status ?? ''}
              options={SUBSCRIBER_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
              onChange={(e) => list.setFilter('status', e.target.value || undefined)}
            />
          </div>
          <div className="w-48">
            <SelectField
              label="Region"
              placeholder="All regions"
              value={input.region ?? ''}
              options={REGIONS.map((r) => ({ value: r, label: r }))}
              onChange={(e) => list.setFilter('region', e.target.value || undefined)}
            />
          </div>
          <div className="ml-auto flex gap-2">
            <Link href="/subscribers/import" className={buttonClassName({ variant: 'secondary' })}>
              Import CSV
            </Link>
            <Link href="/subscribers/new" className={buttonClassName({})}>
              New subscriber
            </Link>
          </div>
        </div>
      </Card>
      {subscribers.isPending ? (
        <LoadingState variant="table" rows={10} label="Loading subscribers…" />
      ) : subscribers.isError ? (
        <ErrorState
          title="Subscribers could not be loaded"
          message={describeQueryError(subscribers.error)}
          onRetry={() => void subscribers.refetch()}
          retrying={subscribers.isFetching}
        />
      ) : (
        <Card flush>
          <DataTable<TSubscriberRow>
            caption="Subscribers"
            rows={subscribers.data.items}
            rowKey={(row) => row.id}
            sorting={{ sort: input.sort, dir: state.dir, onSort: list.toggleSort }}
            empty={
              <p className="py-6 text-center text-sm text-slate-500">
                No subscribers match this search and these filters.
              </p>
            }
            columns={[
              {
                key: 'accountNumber',
                header: 'Account',
                sortKey: 'accountNumber',
                cell: (row) => (
                  <Link href={`/subscribers/${row.id}`} className="font-mono text-sky-700 hover:underline">
                    {row.accountNumber}
                  </Link>
                ),
              },
              { key: 'name', header: 'Name', sortKey: 'name', cell: (row) => row.name },
              { key: 'email', header: 'Email', sortKey: 'email', cell: (row) => row.email ?? '—' },
              { key: 'region', header: 'Region', sortKey: 'region', cell: (row) => row.region },
              {
                key: 'status',
                header: 'Status',
                sortKey: 'status',
                cell: (row) => <Badge tone={STATUS_TONE[row.status]}>{humanize(row.status)}</Badge>,
              },
              { key: 'devices', header: 'Boxes', align: 'right', cell: (row) => row.devices },
            ]}
          />
          <Pagination
            page={subscribers.data.page}
            pageSize={subscribers.data.pageSize}
            total={subscribers.data.total}
            onPage={list.setPage}
            noun="subscribers"
          />
        </Card>
      )}
    </div>
  );
}
