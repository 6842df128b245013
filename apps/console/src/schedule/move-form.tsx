'use client';

import { ZProgrammeMoveSchema } from '@keten/contracts';
import { Button, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf, type TFormErrors } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { localErrors, textOf } from './form-values';
import { channelOptions } from './grid-filter';
import { toLocalInput } from './local-time';
import type { TProgramme, TScheduleChannel } from './types';

/** "1 h 30 min", "45 min", "3 days 2 h". */
export function formatLength(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [
    days ? `${days} day${days === 1 ? '' : 's'}` : '',
    hours ? `${hours} h` : '',
    rest ? `${rest} min` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

interface Props {
  channels: TScheduleChannel[];
  programme: TProgramme;
  onMoved: () => void;
}

/** The keyboard way to do what dragging does: a new start (and channel); the length stays. */
export function MoveForm({ channels, programme, onMoved }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<TFormErrors>();
  const move = useMutation(
    trpc.schedule.move.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.pathKey() });
        onMoved();
      },
    }),
  );
  const errors = local ?? (move.error ? formErrorsOf(move.error) : { fields: {}, form: [] });
  const length = formatLength(programme.endsAt.getTime() - programme.startsAt.getTime());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { id: programme.id, start: textOf(form, 'start'), channelId: textOf(form, 'channelId') };
    const refused = localErrors(ZProgrammeMoveSchema, input);
    setLocal(refused);
    if (!refused) move.mutate(input);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Move programme">
      {errors.form.map((message) => (
        <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {message}
        </p>
      ))}
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label="New start"
          name="start"
          autoComplete="off"
          defaultValue={toLocalInput(programme.startsAt)}
          hint={`Amsterdam time. It keeps its length: ${length}.`}
          error={errors.fields.start ?? errors.fields.end}
        />
        <SelectField
          label="Move to channel"
          name="channelId"
          options={channelOptions(channels)}
          defaultValue={programme.channelId}
          error={errors.fields.channelId}
        />
      </div>
      <Button type="submit" variant="secondary" busy={move.isPending} className="self-start">
        Move
      </Button>
    </form>
  );
}
