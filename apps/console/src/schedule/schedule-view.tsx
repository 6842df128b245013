'use client';

import { amsterdamDate } from '@keten/contracts';
import { EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useListState } from '../shell/use-list-state';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { AvailabilityWindows } from './availability-windows';
import { DayProgrammes } from './day-programmes';
import { ImportReport } from './import-report';
import { ProgrammeForm } from './programme-form';
import type { TImportReport, TProgramme } from './types';
import { XmltvExport } from './xmltv-export';
import { XmltvImport } from './xmltv-import';

/** The schedule page: one channel's day (kept in the URL), editing, XMLTV in and out, pop-up windows. */
export function ScheduleView() {
  const trpc = useTRPC();
  const channels = useQuery(trpc.schedule.channels.queryOptions());
  const { state, setFilter } = useListState();
  const [editing, setEditing] = useState<TProgramme>();
  const [report, setReport] = useState<TImportReport>();

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
  if (channels.data.length === 0) {
    return (
      <EmptyState title="No channels yet" description="Create a channel first; its schedule lives here." />
    );
  }

  const channel = channels.data.find((c) => c.id === state.filters.channel) ?? channels.data[0]!;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(state.filters.date ?? '')
    ? (state.filters.date as string)
    : amsterdamDate(new Date());

  return (
    <div className="grid items-start gap-5 xl:grid-cols-3">
      <div className="flex min-w-0 flex-col gap-5 xl:col-span-2">
        <DayProgrammes
          channels={channels.data}
          channel={channel}
          date={date}
          onChannel={(id) => setFilter('channel', id)}
          onDate={(next) => setFilter('date', next)}
          editingId={editing?.id}
          onEdit={setEditing}
        />
        {report ? <ImportReport report={report} onClose={() => setReport(undefined)} /> : null}
        <AvailabilityWindows channels={channels.data} channel={channel} />
      </div>
      <div className="flex min-w-0 flex-col gap-5">
        <ProgrammeForm
          key={editing?.id ?? `new-${channel.id}`}
          channel={channel}
          date={date}
          editing={editing}
          onDone={() => setEditing(undefined)}
        />
        <XmltvImport channels={channels.data} onReport={setReport} />
        <XmltvExport channels={channels.data} channel={channel} date={date} />
      </div>
    </div>
  );
}
