'use client';

import { PROGRAMME_AGE_RATINGS, ZProgrammeCreateSchema } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf, type TFormErrors } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { countOf, localErrors, textOf } from './form-values';
import { toLocalInput } from './local-time';
import type { TProgramme, TScheduleChannel } from './types';

interface Props {
  channel: TScheduleChannel;
  date: string;
  editing?: TProgramme;
  onDone: () => void;
}

const RATING_OPTIONS = PROGRAMME_AGE_RATINGS.map((r) => ({
  value: r,
  label: r === 'AL' ? 'AL (all ages)' : `${r}+`,
}));
const TIME_HINT = 'Amsterdam time. In the hour repeated when clocks go back, add +01:00 for the second pass.';

/** Adds or edits one programme; overlaps and impossible times come back next to Start or End. */
export function ProgrammeForm({ channel, date, editing, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<TFormErrors>();
  const [saved, setSaved] = useState<string>();
  const options = {
    // Not awaited: the per-call onSuccess (which clears the form) must run before the operator can type again.
    onSuccess: (programme: { title: string }) => {
      setSaved(`“${programme.title}” is saved.`);
      void queryClient.invalidateQueries({ queryKey: trpc.schedule.day.queryKey() });
    },
  };
  const create = useMutation(trpc.schedule.create.mutationOptions(options));
  const update = useMutation(trpc.schedule.update.mutationOptions(options));
  const mutation = editing ? update : create;
  const errors = local ?? (mutation.error ? formErrorsOf(mutation.error) : { fields: {}, form: [] });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const rating = textOf(form, 'ageRating');
    const input = {
      channelId: channel.id,
      start: textOf(form, 'start'),
      end: textOf(form, 'end'),
      title: textOf(form, 'title'),
      episodeTitle: textOf(form, 'episodeTitle'),
      seasonNumber: countOf(form, 'seasonNumber'),
      episodeNumber: countOf(form, 'episodeNumber'),
      category: textOf(form, 'category'),
      ageRating: PROGRAMME_AGE_RATINGS.find((r) => r === rating),
      description: textOf(form, 'description'),
    };
    setSaved(undefined);
    const refused = localErrors(ZProgrammeCreateSchema, input);
    setLocal(refused);
    if (refused) return;
    if (editing) update.mutate({ ...input, id: editing.id }, { onSuccess: onDone });
    else create.mutate(input, { onSuccess: () => formElement.reset() });
  }

  return (
    <Card
      title={editing ? `Edit “${editing.title}”` : 'New programme'}
      description={`On ${channel.name}. A programme may not overlap another on the same channel.`}
      actions={
        editing ? (
          <Button size="sm" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null
      }
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Programme">
        {errors.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {saved ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {saved}
          </p>
        ) : null}
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Start"
            name="start"
            placeholder={`${date} 20:00`}
            autoComplete="off"
            defaultValue={editing ? toLocalInput(editing.startsAt) : undefined}
            error={errors.fields.start}
          />
          <TextField
            label="End"
            name="end"
            placeholder={`${date} 20:30`}
            autoComplete="off"
            defaultValue={editing ? toLocalInput(editing.endsAt) : undefined}
            error={errors.fields.end}
          />
        </div>
        <p className="-mt-1 text-xs text-slate-500">{TIME_HINT}</p>
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
    </Card>
  );
}
