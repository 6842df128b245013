'use client';

import { FEED_SORTS } from '@keten/contracts';
import { Card, DataTable, EmptyState, ErrorState, LoadingState, Pagination } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ListSearch } from '../shell/list-search';
import { pickAllowed, useListState } from '../shell/use-list-state';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { LastFailoverCell, LiveStateCell, OnAirCell, SourceProblemsCell } from './feed-cells';
import { FilterChips } from './feed-filters';
import { FEEDS_POLL_MS, type TFeedRow } from './feed-format';

/**
 * Every channel's feed: what is on air, sources in trouble, the last failover and the live job.
 * Filters, sort and page live in the URL; the table refreshes every 10 s while the tab is visible.
 */
export function FeedsTable() {
  const trpc = useTRPC();
  const list = useListState({ sort: 'lcn', pageSize: 50 });
  const { page, pageSize, dir, q, filters } = list.state;
  const liveOnly = filters.live === 'running';
  const problemsOnly = filters.health === 'problem';
  const input = {
    page,
    pageSize,
    dir,
    q,
    sort: pickAllowed(list.state.sort, FEED_SORTS),
    live: liveOnly ? ('running' as const) : ('any' as const),
    health: problemsOnly ? ('problem' as const) : ('any' as const),
  };
  const feeds = useQuery({
    ...trpc.channels.feeds.queryOptions(input),
    placeholderData: keepPreviousData,
    refetchInterval: FEEDS_POLL_MS,
    staleTime: 0,
  });
  const filtered = Boolean(q || liveOnly || problemsOnly);

  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <ListSearch
            value={q}
            onSearch={list.setSearch}
            label="Find feeds"
            placeholder="Channel name or LCN"
          />
          <FilterChips
            chips={[
              {
                label: 'Live only',
                pressed: liveOnly,
                onToggle: () => list.setFilter('live', liveOnly ? undefined : 'running'),
              },
              {
                label: 'Problems only',
                pressed: problemsOnly,
                onToggle: () => list.setFilter('health', problemsOnly ? undefined : 'problem'),
              },
            ]}
          />
        </div>
      </Card>
      {feeds.isPending ? (
        <LoadingState variant="table" rows={10} label="Loading feeds…" />
      ) : feeds.isError && !feeds.data ? (
        <ErrorState
          title="Feeds could not be loaded"
          message={describeQueryError(feeds.error)}
          onRetry={() => void feeds.refetch()}
          retrying={feeds.isFetching}
        />
      ) : (
        <Card
          flush
          title="Channel feeds"
          description={
            feeds.isError
              ? `Showing the last answer: refreshing failed (${describeQueryError(feeds.error)}).`
              : 'Refreshes every 10 seconds. Times on hover are Amsterdam time.'
          }
        >
          <DataTable<TFeedRow>
            caption="Feeds"
            rows={feeds.data.items}
            rowKey={(row) => row.id}
            sorting={{ sort: input.sort ?? 'lcn', dir, onSort: list.toggleSort }}
            empty={
              <EmptyState
                title={
                  problemsOnly && !q && !liveOnly
                    ? 'No feed problems'
                    : filtered
                      ? 'No feeds match'
                      : 'No channels yet'
                }
                description={
                  problemsOnly && !q && !liveOnly
                    ? 'Every enabled source is healthy or not yet checked, and every on-air source is healthy.'
                    : filtered
                      ? 'Try another search or turn a filter off.'
                      : 'Channels appear here once content creates them.'
                }
              />
            }
            columns={[
              { key: 'lcn', header: 'LCN', sortKey: 'lcn', align: 'right', cell: (row) => row.lcn },
              {
                key: 'name',
                header: 'Channel',
                sortKey: 'name',
                cell: (row) => (
                  <Link
                    href={`/channels/${row.id}/health`}
                    className="whitespace-nowrap font-medium text-sky-800 hover:underline"
                  >
                    {row.name}
                  </Link>
                ),
              },
              { key: 'onAir', header: 'On air', cell: (row) => <OnAirCell onAir={row.onAir} /> },
              {
                key: 'problems',
                header: 'Sources with problems',
                cell: (row) => <SourceProblemsCell sources={row.sources} />,
              },
              {
                key: 'failover',
                header: 'Last failover',
                sortKey: 'lastFailoverAt',
                cell: (row) => <LastFailoverCell at={row.lastFailoverAt} />,
              },
              { key: 'live', header: 'Live ingest', cell: (row) => <LiveStateCell live={row.live} /> },
            ]}
          />
          <Pagination
            page={page}
            pageSize={pageSize}
            total={feeds.data.total}
            onPage={list.setPage}
            noun="feeds"
          />
        </Card>
      )}
    </div>
  );
}
