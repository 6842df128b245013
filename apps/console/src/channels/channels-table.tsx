'use client';

import { CHANNEL_STATES, GENRES, type TChannelState, type TGenre } from '@keten/contracts';
import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState, Pagination } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useListState } from '../shell/use-list-state';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { ChannelFilters } from './channel-filters';
import { genreLabel, STATE_TONES } from './labels';
import { OnAir, SourceSummary } from './source-summary';
import { StateAction } from './state-action';
import type { TChannelRow } from './types';

const SORTS = ['lcn', 'name', 'genre', 'language', 'state'] as const;
const pick = <T extends string>(values: readonly T[], value: string | undefined) =>
  values.find((v) => v === value);

/** A fixed box: an image's max-width:100% inside an auto-width table cell collapses to 0. */
function ChannelLogo({ url }: { url: string | null }) {
  if (!url) return <span className="block h-6 w-10 shrink-0 rounded bg-slate-100" />;
  return (
    <span className="block h-6 w-10 shrink-0">
      {/* biome-ignore lint/performance/noImgElement: logos come from apps/api, not next/image's loader */}
      <img src={url} alt="" className="h-full w-full object-contain" />
    </span>
  );
}

/** The channel lineup as a server-side table: search, filters, sort and page live in the URL. */
export function ChannelsTable({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useListState({ sort: 'lcn', pageSize: 50 });
  const { page, pageSize, dir, q, filters } = list.state;
  const input = {
    page,
    pageSize,
    dir,
    q,
    sort: pick(SORTS, list.state.sort),
    state: pick<TChannelState>(CHANNEL_STATES, filters.state),
    genre: pick<TGenre>(GENRES, filters.genre),
  };
  const channels = useQuery({ ...trpc.channels.list.queryOptions(input), placeholderData: keepPreviousData });
  const filtered = Boolean(q || input.state || input.genre);

  return (
    <div className="space-y-4">
      <ChannelFilters state={list.state} onSearch={list.setSearch} onFilter={list.setFilter} />
      {channels.isPending ? (
        <LoadingState variant="table" rows={8} label="Loading channels…" />
      ) : channels.isError ? (
        <ErrorState
          title="Channels could not be loaded"
          message={describeQueryError(channels.error)}
          onRetry={() => void channels.refetch()}
          retrying={channels.isFetching}
        />
      ) : (
        <Card flush>
          <DataTable<TChannelRow>
            caption="Channels"
            rows={channels.data.items}
            rowKey={(row) => row.id}
            sorting={{ sort: input.sort, dir, onSort: list.toggleSort }}
            empty={
              <EmptyState
                title={filtered ? 'No channels match' : 'No channels yet'}
                description={
                  filtered ? 'Try another search or clear the filters.' : 'Create the first channel.'
                }
              />
            }
            columns={[
              { key: 'lcn', header: 'LCN', sortKey: 'lcn', align: 'right', cell: (row) => row.lcn },
              {
                key: 'name',
                header: 'Name',
                sortKey: 'name',
                cell: (row) => (
                  <div className="flex items-start gap-2">
                    <ChannelLogo url={row.logoUrl} />
                    <div>
                      <Link href={`/channels/${row.id}`} className="font-medium text-sky-800 hover:underline">
                        {row.name}
                      </Link>
                      <div className="text-xs whitespace-nowrap text-slate-500">{row.slug}</div>
                    </div>
                  </div>
                ),
              },
              { key: 'genre', header: 'Genre', sortKey: 'genre', cell: (row) => genreLabel(row.genre) },
              { key: 'language', header: 'Lang.', sortKey: 'language', cell: (row) => row.language },
              {
                key: 'state',
                header: 'State',
                sortKey: 'state',
                cell: (row) => <Badge tone={STATE_TONES[row.state]}>{row.state.toLowerCase()}</Badge>,
              },
              {
                key: 'sources',
                header: 'Sources',
                cell: (row) => <SourceSummary sources={row.sources} channelName={row.name} />,
              },
              { key: 'onAir', header: 'On air', cell: (row) => <OnAir channel={row} /> },
              {
                key: 'actions',
                header: <span className="sr-only">Actions</span>,
                align: 'right',
                cell: (row) => (canEdit ? <StateAction channel={row} /> : null),
              },
            ]}
          />
          <Pagination
            page={page}
            pageSize={pageSize}
            total={channels.data.total}
            onPage={list.setPage}
            noun="channels"
          />
        </Card>
      )}
    </div>
  );
}
