'use client';

import { DEVICE_STATUSES, TOKEN_STATES } from '@keten/contracts';
import { Card, DataTable, ErrorState, LoadingState, Pagination, SelectField } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ListSearch } from '../shell/list-search';
import { pickAllowed, useListState } from '../shell/use-list-state';
import { humanize } from '../subscribers/labels';
import type { TDeviceRow } from '../subscribers/types';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { DEVICE_COLUMNS, OWNER_COLUMN } from './device-columns';

type TSort = 'serial' | 'mac' | 'lastSeenAt' | 'status';
const SORTS = ['serial', 'mac', 'lastSeenAt', 'status'] as const satisfies readonly TSort[];

/** Every box (owners left out for product managers, who read the fleet, not subscribers): search by serial or partial MAC, filter by status and token state; state kept in the URL. */
export function DevicesTable({ showOwner = true }: { showOwner?: boolean }) {
  const trpc = useTRPC();
  const list = useListState({ sort: 'serial' });
  const { state } = list;
  const input = {
    page: state.page,
    pageSize: state.pageSize,
    sort: pickAllowed(state.sort, SORTS),
    dir: state.dir,
    q: state.q,
    status: pickAllowed(state.filters.status, DEVICE_STATUSES),
    tokenState: pickAllowed(state.filters.tokenState, TOKEN_STATES),
  };
  const devices = useQuery({
    ...trpc.subscribers.devices.list.queryOptions(input),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-end gap-3">
          <ListSearch
            label="Search devices"
            value={state.q}
            onSearch={list.setSearch}
            placeholder="Serial or MAC (aa:bb, AA-BB, aabb)"
          />
          <div className="w-48">
            <SelectField
              label="Status"
              placeholder="All statuses"
              value={input.status ?? ''}
              options={DEVICE_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
              onChange={(e) => list.setFilter('status', e.target.value || undefined)}
            />
          </div>
          <div className="w-40">
            <SelectField
              label="Token"
              placeholder="Any token"
              value={input.tokenState ?? ''}
              options={TOKEN_STATES.map((s) => ({ value: s, label: humanize(s) }))}
              onChange={(e) => list.setFilter('tokenState', e.target.value || undefined)}
            />
          </div>
        </div>
      </Card>
      {devices.isPending ? (
        <LoadingState variant="table" rows={10} label="Loading devices…" />
      ) : devices.isError ? (
        <ErrorState
          title="Devices could not be loaded"
          message={describeQueryError(devices.error)}
          onRetry={() => void devices.refetch()}
          retrying={devices.isFetching}
        />
      ) : (
        <Card flush>
          <DataTable<TDeviceRow>
            caption="Devices"
            rows={devices.data.items}
            rowKey={(row) => row.id}
            sorting={{ sort: input.sort, dir: state.dir, onSort: list.toggleSort }}
            empty={
              <p className="py-6 text-center text-sm text-slate-500">
                No boxes match this search and these filters.
              </p>
            }
            columns={[
              ...DEVICE_COLUMNS.slice(0, 4),
              ...(showOwner ? [OWNER_COLUMN] : []),
              ...DEVICE_COLUMNS.slice(4),
            ]}
          />
          <Pagination
            page={devices.data.page}
            pageSize={devices.data.pageSize}
            total={devices.data.total}
            onPage={list.setPage}
            noun="boxes"
          />
        </Card>
      )}
    </div>
  );
}
