'use client';

import { ZWindowCreateSchema } from '@keten/contracts';
import {
  Button,
  Card,
  ConfirmButton,
  DataTable,
  DateTimeField,
  EmptyState,
  ErrorState,
  LoadingState,
  SelectField,
  TextField,
} from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf, type TFormErrors } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { localErrors, textOf } from './form-values';
import type { TAvailabilityWindow, TScheduleChannel } from './types';

/** A window as its row reads: the note, else the channel and when it opens. */
function windowName(row: TAvailabilityWindow): string {
  return row.note ?? `${row.channel.name} ${formatDateTime(row.startsAt)}`;
}

/** When pop-up and event channels are on air; outside every window a channel is not offered. */
export function AvailabilityWindows({
  channels,
  channel,
}: {
  channels: TScheduleChannel[];
  channel: TScheduleChannel;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const windows = useQuery(trpc.schedule.windows.list.queryOptions({}));
  const [local, setLocal] = useState<TFormErrors>();
  // A new key after each added window starts the form afresh (the date fields keep their own state).
  const [formKey, setFormKey] = useState(0);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.schedule.windows.list.queryKey() });
  const create = useMutation(
    trpc.schedule.windows.create.mutationOptions({ onSuccess: () => void refresh() }),
  );
  const remove = useMutation(trpc.schedule.windows.delete.mutationOptions({ onSettled: refresh }));
  const errors = local ?? (create.error ? formErrorsOf(create.error) : { fields: {}, form: [] });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      channelId: textOf(form, 'channelId'),
      start: textOf(form, 'start'),
      end: textOf(form, 'end'),
      note: textOf(form, 'note'),
    };
    const refused = localErrors(ZWindowCreateSchema, input);
    setLocal(refused);
    if (!refused) create.mutate(input, { onSuccess: () => setFormKey((key) => key + 1) });
  }

  return (
    <Card
      title="Pop-up and event channels"
      description="Availability windows, Amsterdam time. Windows of one channel may not overlap."
      flush
    >
      <form
        key={formKey}
        onSubmit={onSubmit}
        noValidate
        aria-label="New availability window"
        className="grid items-start gap-3 border-b border-slate-100 p-4 sm:grid-cols-2"
      >
        <SelectField
          label="Channel"
          name="channelId"
          defaultValue={channel.id}
          error={errors.fields.channelId}
          options={channels.map((c) => ({ value: c.id, label: `${c.lcn} · ${c.name}` }))}
        />
        <TextField
          label="Note"
          name="note"
          placeholder="Kerstkanaal"
          autoComplete="off"
          error={errors.fields.note}
        />
        <DateTimeField label="Opens" name="start" error={errors.fields.start} />
        <DateTimeField label="Closes" name="end" error={errors.fields.end} />
        <Button type="submit" busy={create.isPending} className="self-end justify-self-start">
          Add window
        </Button>
        {errors.form.map((message) => (
          <p key={message} role="alert" className="text-sm text-rose-800 sm:col-span-2">
            {message}
          </p>
        ))}
      </form>
      {windows.isPending ? (
        <LoadingState variant="table" rows={3} label="Loading windows…" />
      ) : windows.isError ? (
        <ErrorState
          title="Windows could not be loaded"
          message={describeQueryError(windows.error)}
          onRetry={() => void windows.refetch()}
          retrying={windows.isFetching}
        />
      ) : (
        <DataTable<TAvailabilityWindow>
          caption="Availability windows"
          rows={windows.data}
          rowKey={(row) => row.id}
          empty={
            <EmptyState
              title="No windows"
              description="Every channel without a window is a regular channel."
            />
          }
          columns={[
            { key: 'channel', header: 'Channel', cell: (row) => `${row.channel.lcn} · ${row.channel.name}` },
            {
              key: 'opens',
              header: 'Opens',
              className: 'whitespace-nowrap tabular-nums',
              cell: (row) => formatDateTime(row.startsAt),
            },
            {
              key: 'closes',
              header: 'Closes',
              className: 'whitespace-nowrap tabular-nums',
              cell: (row) => formatDateTime(row.endsAt),
            },
            { key: 'note', header: 'Note', cell: (row) => row.note ?? '—' },
            {
              key: 'actions',
              header: <span className="sr-only">Actions</span>,
              align: 'right',
              cell: (row) => (
                <ConfirmButton
                  label="Delete"
                  name={`Delete window ${windowName(row)}`}
                  question={`Delete ${row.channel.name}'s window?`}
                  busy={remove.isPending && remove.variables.id === row.id}
                  onConfirm={() => remove.mutate({ id: row.id })}
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
