'use client';

import type { TChannelState, TGenre } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { CompatibilityRefusal } from '../profiles/compatibility-refusal';
import { saveErrorsOf } from '../profiles/server-errors';
import { useTRPC } from '../trpc/react';
import { draftOf, inputOf, type TChannelDraft, updateInputOf, validateDraft } from './channel-draft';
import { CREATE_STATE_OPTIONS, GENRE_OPTIONS } from './labels';
import { LadderFields } from './ladder-fields';
import { SourcesEditor } from './sources-editor';
import type { TChannelDetail } from './types';

/** Create or edit a channel with its ladder and sources; one save, one audit entry. Errors show next to their field. */
export function ChannelForm({ channel }: { channel?: TChannelDetail }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TChannelDraft>(() => draftOf(channel));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.channels.pathKey() });
  const create = useMutation(
    trpc.channels.create.mutationOptions({
      onSuccess: async (created) => {
        await invalidate();
        router.push(`/channels/${created.id}?created=1`);
      },
    }),
  );
  const update = useMutation(
    trpc.channels.update.mutationOptions({
      onSuccess: async (updated) => {
        setSaved(true);
        setDraft(draftOf({ ...updated, packages: channel?.packages ?? [] }));
        await invalidate();
      },
    }),
  );
  const mutation = channel ? update : create;
  const server = mutation.error ? saveErrorsOf(mutation.error) : { fields: {}, form: [] };
  const errors: Record<string, string> = { ...server.fields, ...clientErrors };
  const set = (change: Partial<TChannelDraft>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...change }));
  };

  function save(confirmIncompatible?: boolean) {
    const found = validateDraft(draft);
    setClientErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.reset();
    if (channel) update.mutate(updateInputOf(channel.id, draft, confirmIncompatible));
    else create.mutate({ ...inputOf(draft), confirmIncompatible });
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save();
  }

  return (
    <Card
      title={channel ? `${channel.lcn} · ${channel.name}` : 'New channel'}
      description="Number, name, genre, language, ladder and feeds."
    >
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={channel ? 'Edit channel' : 'New channel'}
        className="space-y-4"
      >
        {'refusal' in server && server.refusal ? (
          <CompatibilityRefusal
            impact={server.refusal}
            busy={mutation.isPending}
            onConfirm={() => save(true)}
          />
        ) : null}
        {server.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {saved ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Saved.
          </p>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-[7rem_1fr_1fr]">
          <TextField
            label="LCN"
            inputMode="numeric"
            value={draft.lcn}
            error={errors.lcn}
            onChange={(event) => set({ lcn: event.currentTarget.value })}
          />
          <TextField
            label="Name"
            value={draft.name}
            error={errors.name}
            onChange={(event) => set({ name: event.currentTarget.value })}
          />
          <TextField
            label="Slug"
            value={draft.slug}
            placeholder="from the name"
            error={errors.slug}
            onChange={(event) => set({ slug: event.currentTarget.value })}
          />
        </div>
        <div className={`grid gap-3 ${channel ? 'sm:grid-cols-2' : 'sm:grid-cols-3'}`}>
          <SelectField
            label="Genre"
            options={GENRE_OPTIONS}
            value={draft.genre}
            error={errors.genre}
            onChange={(event) => set({ genre: event.currentTarget.value as TGenre })}
          />
          <TextField
            label="Language"
            value={draft.language}
            hint="ISO 639-1, e.g. nl, fy, en"
            error={errors.language}
            onChange={(event) => set({ language: event.currentTarget.value })}
          />
          {channel ? null : (
            <SelectField
              label="State"
              options={CREATE_STATE_OPTIONS}
              value={draft.state}
              error={errors.state}
              hint="Disable, re-enable or publish later from the channel's page or the list."
              onChange={(event) => set({ state: event.currentTarget.value as TChannelState })}
            />
          )}
        </div>
        <LadderFields
          profileId={draft.profileId}
          versionId={draft.encodingProfileVersionId}
          error={errors.encodingProfileVersionId}
          onChange={(profileId, encodingProfileVersionId) => set({ profileId, encodingProfileVersionId })}
        />
        <SourcesEditor sources={draft.sources} errors={errors} onChange={(sources) => set({ sources })} />
        <Button type="submit" busy={mutation.isPending}>
          {channel ? 'Save channel' : 'Create channel'}
        </Button>
      </form>
    </Card>
  );
}
