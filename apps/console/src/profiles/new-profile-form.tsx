'use client';

import { ZProfileCreateSchema } from '@keten/contracts';
import { Button, Card, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TProfileDetail } from './types';

/** Starts a new profile as a copy of the chosen profile's current ladder, to be edited from there. */
export function NewProfileForm({
  from,
  onCreated,
}: {
  from: TProfileDetail;
  onCreated: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.profiles.create.mutationOptions({
      onSuccess: async (profile) => {
        await queryClient.invalidateQueries({ queryKey: trpc.profiles.pathKey() });
        onCreated(profile.id);
      },
    }),
  );
  const server = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };
  const errors: Record<string, string | undefined> = { ...server.fields, ...clientErrors };
  const current = from.versions[0];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!current) return;
    const form = new FormData(event.currentTarget);
    const parsed = ZProfileCreateSchema.safeParse({
      code: String(form.get('code') ?? ''),
      name: String(form.get('name') ?? ''),
      description: String(form.get('description') ?? '') || undefined,
      segmentSeconds: current.segmentSeconds,
      audioCodec: current.audioCodec,
      audioBitrateKbps: current.audioBitrateKbps,
      audioChannels: current.audioChannels,
      rungs: current.rungs.map(({ ordinal: _, ...rung }) => rung),
    });
    const next: Record<string, string> = {};
    if (!parsed.success)
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
    setClientErrors(next);
    if (parsed.success) create.mutate(parsed.data);
  }

  return (
    <Card
      title="New profile"
      description={`Starts from ${from.name} v${current?.version}; edit its ladder after creating it.`}
    >
      <form aria-label="New profile" noValidate onSubmit={onSubmit} className="grid gap-3 md:grid-cols-4">
        <TextField
          label="Code"
          name="code"
          placeholder="hd-h264-low"
          autoComplete="off"
          error={errors.code}
        />
        <TextField label="Name" name="name" autoComplete="off" error={errors.name} />
        <TextField label="Description" name="description" autoComplete="off" error={errors.description} />
        <div className="flex items-end">
          <Button type="submit" variant="secondary" busy={create.isPending}>
            Create profile
          </Button>
        </div>
        {server.form.map((message) => (
          <p key={message} role="alert" className="text-sm text-rose-700 md:col-span-4">
            {message}
          </p>
        ))}
      </form>
    </Card>
  );
}
