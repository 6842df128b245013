'use client';

import {
  PROGRAMME_AGE_RATINGS,
  PROGRAMME_LONG_OVERRIDE_LABEL,
  PROGRAMME_MAX_HOURS,
  ZProgrammeCreateSchema,
} from '@keten/contracts';
import { Button, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf, type TFormErrors } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { countOf, localErrors, textOf } from './form-values';
import { channelOptions } from './grid-filter';
import { toLocalInput } from './local-time';
import type { TProgramme, TScheduleChannel } from './types';

interface Props {
  channels: TScheduleChannel[];
  /** The channel the form starts on (the grid row that was clicked, or the one in view). */
  channelId: string;
  date: string;
  editing?: TProgramme;
  /** Times to start from: the empty slot clicked in the grid. */
  prefill?: { start: Date; end: Date };
  onSaved: (programme: { title: string }) => void;
}

const RATING_OPTIONS = PROGRAMME_AGE_RATINGS.map((r) => ({
  value: r,
  label: r === 'AL' ? 'AL (all ages)' : `${r}+`,
}));
const TIME_HINT = 'Amsterdam time. In the hour repeated when clocks go back, add +01:00 for the second pass.';

/** Adds or edits one programme; overlaps, impossible times and over-long spans come back next to Start or End. */
export function ProgrammeForm({ channels, channelId, date, editing, prefill, onSaved }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<TFormErrors>();
  const options = {
    onSuccess: (programme: { title: string }) => {
      void queryClient.invalidateQueries({ queryKey: trpc.schedule.pathKey() });
      onSaved(programme);
    },
  };
  const create = useMutation(trpc.schedule.create.mutationOptions(options));
  const update = useMutation(trpc.schedule.update.mutationOptions(options));
  const mutation = editing ? update : create;
  const errors = local ?? (mutation.error ? formErrorsOf(mutation.error) : { fields: {}, form: [] });
  const start = editing?.startsAt ?? prefill?.start;
  const end = editing?.endsAt ?? prefill?.end;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const rating = textOf(form, 'ageRating');
    const input = {
      channelId: textOf(form, 'channelId'),
      start: textOf(form, 'start'),
      end: textOf(form, 'end'),
      title: textOf(form, 'title'),
      episodeTitle: textOf(form, 'episodeTitle'),
      seasonNumber: countOf(form, 'seasonNumber'),
      episodeNumber: countOf(form, 'episodeNumber'),
      category: textOf(form, 'category'),
      ageRating: PROGRAMME_AGE_RATINGS.find((r) => r === rating),
      description: textOf(form, 'description'),
      allowLong: form.get('allowLong') === 'on',
    };
    const refused = localErrors(ZProgrammeCreateSchema, input);
    setLocal(refused);
    if (refused) return;
    if (editing) update.mutate({ ...input, id: editing.id });
    else create.mutate(input);
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-3"
      aria-label={editing ? 'Edit programme' : 'Programme'}
    >
      {errors.form.map((message) => (
        <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {message}
        </p>
      ))}
      <SelectField
        label="Channel"
        name="channelId"
        options={channelOptions(channels)}
        defaultValue={editing?.channelId ?? channelId}
        error={errors.fields.channelId}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label="Start"
          name="start"
          placeholder={`${date} 20:00`}
          autoComplete="off"
          defaultValue={start ? toLocalInput(start) : undefined}
          error={errors.fields.start}
        />
        <TextField
          label="End"
          name="end"
          placeholder={`${date} 20:30`}
          autoComplete="off"
          defaultValue={end ? toLocalInput(end) : undefined}
          error={errors.fields.end}
        />
      </div>
      <p className="-mt-1 text-xs text-slate-500">{TIME_HINT}</p>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="allowLong" className="mt-1" />
        <span>
          {PROGRAMME_LONG_OVERRIDE_LABEL}
          <span className="block text-xs text-slate-500">
            A programme may last at most {PROGRAMME_MAX_HOURS} hours unless this is ticked; the audit log
            records that you did.
          </span>
        </span>
      </label>
      <TextField
        label="Title"
        name="title"
        autoComplete="off"
        defaultValue={editing?.title}
        error={errors.fields.title}
      />
      <TextField
        label="Episode title"
        name="episodeTitle"
        autoComplete="off"
        defaultValue={editing?.episodeTitle ?? undefined}
        error={errors.fields.episodeTitle}
      />
      <div className="grid grid-cols-[1fr_1fr_auto] gap-3">
        <TextField
          label="Season"
          name="seasonNumber"
          inputMode="numeric"
          defaultValue={editing?.seasonNumber ?? undefined}
          error={errors.fields.seasonNumber}
        />
        <TextField
          label="Episode"
          name="episodeNumber"
          inputMode="numeric"
          defaultValue={editing?.episodeNumber ?? undefined}
          error={errors.fields.episodeNumber}
        />
        <SelectField
          label="Age rating"
          name="ageRating"
          options={RATING_OPTIONS}
          placeholder="None"
          defaultValue={editing?.ageRating ?? ''}
          error={errors.fields.ageRating}
        />
      </div>
      <TextField
        label="Category"
        name="category"
        autoComplete="off"
        defaultValue={editing?.category ?? undefined}
        error={errors.fields.category}
      />
      <TextField
        label="Description"
        name="description"
        autoComplete="off"
        defaultValue={editing?.description ?? undefined}
        error={errors.fields.description}
      />
      <Button type="submit" busy={mutation.isPending} className="self-start">
        {editing ? 'Save changes' : 'Add programme'}
      </Button>
    </form>
  );
}
