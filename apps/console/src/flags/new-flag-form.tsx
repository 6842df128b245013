'use client';

import { FLAG_TYPES, type TFlagType, zKey } from '@keten/flags';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { readDraft, starterDraft } from './draft';

const TYPE_OPTIONS = FLAG_TYPES.map((type) => ({ value: type, label: type === 'json' ? 'JSON' : type }));

/** A new flag starts with two variants of its type, serving the first to everyone; the editor does the rest. */
export function NewFlagForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [keyError, setKeyError] = useState<string>();
  const create = useMutation(
    trpc.flags.create.mutationOptions({
      onSuccess: async (flag) => {
        await queryClient.invalidateQueries({ queryKey: trpc.flags.pathKey() });
        router.push(`/flags/${flag.id}`);
      },
    }),
  );
  const server = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const key = String(form.get('key') ?? '').trim();
    const type = (FLAG_TYPES.find((t) => t === form.get('type')) ?? 'boolean') as TFlagType;
    const description = String(form.get('description') ?? '').trim();
    const checked = zKey('flag key').safeParse(key);
    const message = checked.error?.issues[0]?.message;
    setKeyError(message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined);
    const draft = readDraft(starterDraft(type));
    if (!checked.success || !draft.ok) return;
    create.mutate({ key, description: description || undefined, definition: draft.definition });
  }

  return (
    <Card title="New flag" description="Boxes see it in /v1/config on their next poll.">
      <form onSubmit={onSubmit} noValidate aria-label="New flag" className="space-y-3">
        {server.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        <TextField
          label="Key"
          name="key"
          error={keyError ?? server.fields.key}
          hint="What boxes read, e.g. new-epg.grid"
          autoComplete="off"
        />
        <SelectField label="Type" name="type" options={TYPE_OPTIONS} defaultValue="boolean" />
        <TextField label="Description" name="description" error={server.fields.description} />
        <Button type="submit" busy={create.isPending}>
          Create flag
        </Button>
      </form>
    </Card>
  );
}
