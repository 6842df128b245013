'use client';

import { ZTranscodeCreateSchema } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf, type TFormErrors } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { MediaFileField } from './media-file-field';

const NO_ERRORS: TFormErrors = { fields: {}, form: [] };

/** Queues a file transcode; the same contract schema checks the input here and on the server. */
export function NewTranscodeForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  const [profileId, setProfileId] = useState('');
  const profile = useQuery({
    ...trpc.profiles.get.queryOptions({ id: profileId }),
    enabled: profileId !== '',
  });
  const [localErrors, setLocalErrors] = useState<TFormErrors>(NO_ERRORS);
  const [queued, setQueued] = useState<string>();
  const create = useMutation(
    trpc.jobs.createTranscode.mutationOptions({
      onSuccess: async (job) => {
        setQueued(job.input.outputKey ?? job.id);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.jobs.queues.queryKey() }),
        ]);
      },
    }),
  );
  const errors = create.error ? formErrorsOf(create.error) : localErrors;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setQueued(undefined);
    create.reset();
    const parsed = ZTranscodeCreateSchema.safeParse({
      inputFile: String(form.get('inputFile') ?? ''),
      profileVersionId: String(form.get('profileVersionId') ?? ''),
      outputKey: String(form.get('outputKey') ?? ''),
    });
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0]);
        fields[key] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
      }
      setLocalErrors({ fields, form: [] });
      return;
    }
    setLocalErrors(NO_ERRORS);
    create.mutate(parsed.data);
  }

  const profileOptions = [
    { value: '', label: profiles.isPending ? 'Loading profiles…' : 'Choose a profile' },
    ...(profiles.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.code})` })),
  ];
  const versionOptions = profileId
    ? (profile.data?.versions ?? []).map((v, index) => ({
        value: v.id,
        label: `v${v.version}${index === 0 ? ' (current)' : ''}`,
      }))
    : [{ value: '', label: 'Choose a profile first' }];

  return (
    <Card
      title="New transcode"
      description="Turns a file into an HLS ladder under the media root's vod/ folder."
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="New transcode">
        {errors.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {queued ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {queued} is queued.
          </p>
        ) : null}
        <MediaFileField error={errors.fields.inputFile} />
        <SelectField
          label="Encoding profile"
          name="profileId"
          options={profileOptions}
          value={profileId}
          onChange={(event) => setProfileId(event.target.value)}
          error={profiles.isError ? 'Profiles could not be loaded.' : undefined}
        />
        <SelectField
          key={profileId}
          label="Profile version"
          name="profileVersionId"
          options={versionOptions}
          disabled={!profileId || profile.isPending}
          error={errors.fields.profileVersionId}
        />
        <TextField
          label="Output key"
          name="outputKey"
          autoComplete="off"
          hint="Folder name under vod/: letters, digits, dot, dash or underscore."
          error={errors.fields.outputKey}
        />
        <Button type="submit" busy={create.isPending} className="self-start">
          Queue transcode
        </Button>
      </form>
    </Card>
  );
}
