'use client';

import { Badge, Button, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { formatSlotRange } from './local-time';
import type { TProgramme, TScheduleChannel } from './types';

interface Props {
  channel: TScheduleChannel;
  date: string;
  canEdit: boolean;
  onOpen: (programme: TProgramme) => void;
}

/** One channel's programmes on one Amsterdam day as a table (the list view; the grid is the default). */
export function DayProgrammes({ channel, date, canEdit, onOpen }: Props) {
  const trpc = useTRPC();
  const day = useQuery(trpc.schedule.day.queryOptions({ channelId: channel.id, date }));
  if (day.isPending) return <LoadingState variant="table" rows={8} label="Loading programmes…" />;
  if (day.isError) {
    return (
      <ErrorState
        title="Programmes could not be loaded"
        message={describeQueryError(day.error)}
        onRetry={() => void day.refetch()}
        retrying={day.isFetching}
      />
    );
  }
  return (
    <DataTable<TProgramme>
      caption="Programmes"
      rows={day.data.programmes}
      rowKey={(row) => row.id}
      empty={<EmptyState title="Nothing scheduled" description="Add a programme or import an XMLTV file." />}
      columns={[
        {
          key: 'time',
          header: 'Time',
          className: 'whitespace-nowrap tabular-nums',
          cell: (row) => formatSlotRange(row.startsAt, row.endsAt, date),
        },
        {
          key: 'title',
          header: 'Programme',
          cell: (row) => (
            <div>
              <span className="font-medium">{row.title}</span>
              {row.episodeTitle || row.seasonNumber || row.episodeNumber ? (
                <div className="text-xs text-slate-500">
                  {[
                    row.seasonNumber ? `S${row.seasonNumber}` : '',
                    row.episodeNumber ? `E${row.episodeNumber}` : '',
                    row.episodeTitle ? ` ${row.episodeTitle}` : '',
                  ].join('')}
                </div>
              ) : null}
            </div>
          ),
        },
        { key: 'category', header: 'Category', cell: (row) => row.category ?? '—' },
        {
          key: 'rating',
          header: 'Age',
          cell: (row) => (row.ageRating ? <Badge>{row.ageRating}</Badge> : '—'),
        },
        {
          key: 'actions',
          header: <span className="sr-only">Actions</span>,
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) =>
            canEdit ? (
              <Button size="sm" variant="ghost" onClick={() => onOpen(row)} aria-label={`Edit ${row.title}`}>
                Edit
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
