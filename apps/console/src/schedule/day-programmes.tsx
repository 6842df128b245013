'use client';

import { amsterdamDayBounds } from '@keten/contracts';
import { Badge, Button, Card, DataTable, DateField, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDayHeading } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { formatSlotTime, shiftDate } from './local-time';
import type { TProgramme, TScheduleChannel } from './types';

interface Props {
  channels: TScheduleChannel[];
  channel: TScheduleChannel;
  date: string;
  onChannel: (id: string) => void;
  onDate: (date: string) => void;
  editingId?: string;
  onEdit: (programme: TProgramme) => void;
}

const CONTROL = 'h-8 rounded-md border border-slate-300 bg-white px-2 text-sm';

/** One channel's programmes on one Amsterdam day, with the day's length when clocks change. */
export function DayProgrammes({ channels, channel, date, onChannel, onDate, editingId, onEdit }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const day = useQuery(trpc.schedule.day.queryOptions({ channelId: channel.id, date }));
  const remove = useMutation(
    trpc.schedule.delete.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.schedule.day.queryKey() }),
    }),
  );
  const { from, to } = amsterdamDayBounds(date);
  const hours = Math.round((to.getTime() - from.getTime()) / 3_600_000);

  const toolbar = (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label="Channel"
        className={CONTROL}
        value={channel.id}
        onChange={(e) => onChannel(e.currentTarget.value)}
      >
        {channels.map((c) => (
          <option key={c.id} value={c.id}>
            {c.lcn} · {c.name}
          </option>
        ))}
      </select>
      <Button size="sm" variant="ghost" onClick={() => onDate(shiftDate(date, -1))} aria-label="Previous day">
        ←
      </Button>
      <DateField label="Day" value={date} onValueChange={(value) => value && onDate(value)} />
      <Button size="sm" variant="ghost" onClick={() => onDate(shiftDate(date, 1))} aria-label="Next day">
        →
      </Button>
    </div>
  );

  return (
    <Card
      title={`${channel.name} · ${formatDayHeading(date)}`}
      description={
        hours === 24
          ? 'Amsterdam time.'
          : `Amsterdam time. This day has ${hours} hours: the clocks ${hours < 24 ? 'go forward (02:00 → 03:00)' : 'go back (03:00 → 02:00; times in the repeated hour show their offset)'}.`
      }
      actions={toolbar}
      flush
    >
      {remove.error ? (
        <p role="alert" className="border-b border-rose-100 bg-rose-50 px-4 py-2 text-sm text-rose-800">
          {formErrorsOf(remove.error).form.join(' ') || 'The programme was not deleted.'}
        </p>
      ) : null}
      {day.isPending ? (
        <LoadingState variant="table" rows={8} label="Loading programmes…" />
      ) : day.isError ? (
        <ErrorState
          title="Programmes could not be loaded"
          message={describeQueryError(day.error)}
          onRetry={() => void day.refetch()}
          retrying={day.isFetching}
        />
      ) : (
        <DataTable<TProgramme>
          caption="Programmes"
          rows={day.data.programmes}
          rowKey={(row) => row.id}
          selectedKey={editingId}
          empty={
            <EmptyState title="Nothing scheduled" description="Add a programme or import an XMLTV file." />
          }
          columns={[
            {
              key: 'time',
              header: 'Time',
              className: 'whitespace-nowrap tabular-nums',
              cell: (row) => `${formatSlotTime(row.startsAt, date)}–${formatSlotTime(row.endsAt, date)}`,
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
              cell: (row) => (
                <>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onEdit(row)}
                    aria-label={`Edit ${row.title}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    busy={remove.isPending && remove.variables.id === row.id}
                    onClick={() => {
                      if (window.confirm(`Delete "${row.title}"?`)) remove.mutate({ id: row.id });
                    }}
                    aria-label={`Delete ${row.title}`}
                  >
                    Delete
                  </Button>
                </>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
