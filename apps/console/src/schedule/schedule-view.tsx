'use client';

import { amsterdamDate, amsterdamDayBounds } from '@keten/contracts';
import { Card, EmptyState, ErrorState, LoadingState, Pagination } from '@keten/ui';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { formatDate, formatDayHeading } from '../format';
import { pickAllowed, useListState } from '../shell/use-list-state';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { AvailabilityWindows } from './availability-windows';
import { DayProgrammes } from './day-programmes';
import { DayGrid } from './grid-day';
import { filterChannels, GRID_PAGE_SIZE } from './grid-filter';
import { WeekGrid } from './grid-week';
import { mondayOf, shiftDate, toLocalInput } from './local-time';
import { ProgrammeDialog, type TDialogTarget } from './programme-dialog';
import { SCHEDULE_VIEWS, ScheduleToolbar } from './schedule-toolbar';
import type { TProgramme, TScheduleChannel } from './types';
import { useNow } from './use-now';
import { XmltvExport } from './xmltv-export';
import { XmltvImport } from './xmltv-import';

function dayNote(date: string): string {
  const { from, to } = amsterdamDayBounds(date);
  const hours = Math.round((to.getTime() - from.getTime()) / 3_600_000);
  if (hours === 24) return 'Amsterdam time.';
  return `Amsterdam time. This day has ${hours} hours: the clocks ${hours < 24 ? 'go forward (02:00 → 03:00)' : 'go back (03:00 → 02:00; times in the repeated hour show their offset)'}.`;
}

/**
 * The schedule page: a grid of channels × hours (a day) or one channel's week, a list of one channel's day, and
 * XMLTV in and out. View, date, channel, search, package and page are kept in the URL.
 */
export function ScheduleView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.schedule.channels.queryOptions());
  const { state, setFilter, setPage } = useListState({ pageSize: GRID_PAGE_SIZE });
  const now = useNow();
  const [target, setTarget] = useState<TDialogTarget>();
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string }>();

  const view = pickAllowed(state.filters.view, SCHEDULE_VIEWS) ?? 'day';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(state.filters.date ?? '')
    ? (state.filters.date as string)
    : amsterdamDate(now);
  const all = channels.data ?? [];
  const filtered = filterChannels(all, state.q, state.filters.package);
  const pages = Math.max(1, Math.ceil(filtered.length / GRID_PAGE_SIZE));
  const page = Math.min(state.page, pages);
  const rows = filtered.slice((page - 1) * GRID_PAGE_SIZE, page * GRID_PAGE_SIZE);
  const channel: TScheduleChannel | undefined = all.find((c) => c.id === state.filters.channel) ?? all[0];
  const monday = mondayOf(date);
  const gridInput =
    view === 'week' && channel
      ? { channelIds: [channel.id], date: monday, days: 7 }
      : { channelIds: rows.map((c) => c.id), date, days: 1 };
  const grid = useQuery(
    trpc.schedule.grid.queryOptions(gridInput, {
      enabled: view !== 'list' && gridInput.channelIds.length > 0,
      placeholderData: keepPreviousData,
    }),
  );
  const move = useMutation(
    trpc.schedule.move.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.schedule.pathKey() }),
    }),
  );

  if (channels.isPending) return <LoadingState variant="table" rows={8} label="Loading channels…" />;
  if (channels.isError) {
    return (
      <ErrorState
        title="Channels could not be loaded"
        message={describeQueryError(channels.error)}
        onRetry={() => void channels.refetch()}
        retrying={channels.isFetching}
      />
    );
  }
  if (!channel) {
    return (
      <EmptyState title="No channels yet" description="Create a channel first; its schedule lives here." />
    );
  }

  function moveTo(programme: TProgramme, start: Date, channelId: string) {
    setNotice(undefined);
    move.mutate(
      { id: programme.id, start: toLocalInput(start), channelId },
      {
        onSuccess: () =>
          setNotice({ tone: 'ok', text: `“${programme.title}” is moved to ${toLocalInput(start)}.` }),
        onError: (error) => {
          const { fields, form } = formErrorsOf(error);
          const reason = [...Object.values(fields), ...form].join(' ');
          setNotice({ tone: 'error', text: `“${programme.title}” was not moved: ${reason}` });
        },
      },
    );
  }

  const actions = {
    canEdit,
    movingId: move.isPending ? move.variables?.id : undefined,
    onAdd: (channelId: string, start: Date) => setTarget({ kind: 'new', channelId, start }),
    onOpen: (programme: TProgramme) => setTarget({ kind: 'programme', programme }),
    onMove: moveTo,
  };
  const title =
    view === 'week'
      ? `${channel.name} · week of ${formatDate(monday, now)} – ${formatDate(shiftDate(monday, 6), now)}`
      : view === 'list'
        ? `${channel.name} · ${formatDayHeading(date, now)}`
        : formatDayHeading(date, now);

  let body: ReactNode;
  if (view === 'list') {
    body = <DayProgrammes channel={channel} date={date} canEdit={canEdit} onOpen={actions.onOpen} />;
  } else if (view === 'day' && rows.length === 0) {
    body = <EmptyState title="No channel matches" description="Change the search or the package." />;
  } else if (grid.isPending) {
    body = <LoadingState variant="table" rows={8} label="Loading the schedule…" />;
  } else if (grid.isError) {
    body = (
      <ErrorState
        title="The schedule could not be loaded"
        message={describeQueryError(grid.error)}
        onRetry={() => void grid.refetch()}
        retrying={grid.isFetching}
      />
    );
  } else if (view === 'week') {
    body = (
      <WeekGrid channel={channel} monday={monday} programmes={grid.data.programmes} now={now} {...actions} />
    );
  } else {
    body = (
      <>
        <DayGrid channels={rows} date={date} programmes={grid.data.programmes} now={now} {...actions} />
        <Pagination
          page={page}
          pageSize={GRID_PAGE_SIZE}
          total={filtered.length}
          onPage={setPage}
          noun="channels"
        />
      </>
    );
  }

  return (
    <div className="flex flex-col gap-5">
      <Card
        title={title}
        description={`${view === 'week' ? 'Amsterdam time, Monday to Sunday.' : dayNote(date)}${view === 'list' ? '' : ' Amber: entered by hand; blue: imported.'}${canEdit ? ' Click an empty slot to add a programme; drag one to move it, or open it to move it by typing.' : ''}`}
        flush
      >
        <ScheduleToolbar
          view={view}
          date={date}
          channels={all}
          channelId={channel.id}
          q={state.q ?? ''}
          packageCode={state.filters.package ?? ''}
          canEdit={canEdit}
          onChange={setFilter}
          onAdd={() => setTarget({ kind: 'new', channelId: channel.id })}
        />
        {notice ? (
          <p
            role={notice.tone === 'error' ? 'alert' : 'status'}
            className={
              notice.tone === 'error'
                ? 'border-b border-rose-100 bg-rose-50 px-4 py-2 text-sm text-rose-800'
                : 'border-b border-emerald-100 bg-emerald-50 px-4 py-2 text-sm text-emerald-800'
            }
          >
            {notice.text}
          </p>
        ) : null}
        {body}
      </Card>
      <div className="grid items-start gap-5 xl:grid-cols-2">
        <XmltvImport channels={all} />
        <div className="flex min-w-0 flex-col gap-5">
          <XmltvExport channels={all} channel={channel} date={date} />
          <AvailabilityWindows channels={all} channel={channel} />
        </div>
      </div>
      <ProgrammeDialog
        target={target}
        channels={all}
        date={date}
        canEdit={canEdit}
        onClose={() => setTarget(undefined)}
        onDone={(text) => {
          setTarget(undefined);
          setNotice({ tone: 'ok', text });
        }}
      />
    </div>
  );
}
