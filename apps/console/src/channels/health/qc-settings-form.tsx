'use client';

import type { TQcSettings } from '@keten/contracts';
import { Button, Card, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf, type TFormErrors } from '../../trpc/errors';
import { useTRPC } from '../../trpc/react';

type TField = { name: keyof TQcSettings; label: string; hint: string; step: string; optional?: boolean };

const FIELDS: readonly TField[] = [
  {
    name: 'blackSeconds',
    label: 'Black for (s)',
    hint: 'A black picture this long is a finding.',
    step: '0.5',
  },
  {
    name: 'blackPictureRatio',
    label: 'Dark share of the picture',
    hint: '0.5–1; 0.98 = 98 % of pixels dark.',
    step: '0.01',
  },
  {
    name: 'freezeSeconds',
    label: 'Frozen for (s)',
    hint: 'The same picture this long is a finding.',
    step: '0.5',
  },
  {
    name: 'freezeNoiseDb',
    label: 'Freeze noise (dB)',
    hint: 'How alike frames must be; −90 to −20.',
    step: '1',
  },
  { name: 'silenceSeconds', label: 'Silent for (s)', hint: 'Audio below the level this long.', step: '0.5' },
  { name: 'silenceDb', label: 'Silence below (dB)', hint: '−90 to −20.', step: '1' },
  {
    name: 'loudnessMaxLufs',
    label: 'Too loud above (LUFS)',
    hint: 'Short-term loudness, −40 to 0.',
    step: '1',
  },
  { name: 'loudnessSeconds', label: 'Too loud for (s)', hint: 'Above the level this long.', step: '1' },
  {
    name: 'failoverAfterSeconds',
    label: 'Fail over after (s)',
    hint: 'A black or frozen primary this long fails over. Empty: QC never fails over.',
    step: '1',
    optional: true,
  },
];

const NO_ERRORS: TFormErrors = { fields: {}, form: [] };

/** The channel's QC thresholds; the API checks them (ZQcSettingsSchema) and its messages show at each field. */
export function QcSettingsForm({
  channelId,
  settings,
  canEdit,
}: {
  channelId: string;
  settings: TQcSettings;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [localErrors, setLocalErrors] = useState<TFormErrors>(NO_ERRORS);
  const update = useMutation(
    trpc.channels.qc.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.channels.health.queryKey() }),
    }),
  );
  const serverErrors = update.error ? formErrorsOf(update.error) : NO_ERRORS;
  const errorOf = (name: string) => localErrors.fields[name] ?? serverErrors.fields[`settings.${name}`];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.reset();
    const form = new FormData(event.currentTarget);
    const values: Record<string, number | null> = {};
    const fields: Record<string, string> = {};
    for (const field of FIELDS) {
      const text = String(form.get(field.name) ?? '').trim();
      if (text === '' && field.optional) values[field.name] = null;
      else if (text === '' || Number.isNaN(Number(text))) fields[field.name] = 'enter a number';
      else values[field.name] = Number(text);
    }
    setLocalErrors({ fields, form: [] });
    if (Object.keys(fields).length === 0) update.mutate({ id: channelId, settings: values });
  }

  return (
    <Card
      title="QC thresholds"
      description="How long a picture or sound problem lasts before it is a finding."
    >
      <form aria-label="QC thresholds" onSubmit={onSubmit} noValidate className="space-y-4">
        <fieldset disabled={!canEdit} className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {FIELDS.map((field) => (
            <TextField
              key={`${field.name}:${String(settings[field.name])}`}
              name={field.name}
              label={field.label}
              hint={field.hint}
              type="number"
              inputMode="decimal"
              step={field.step}
              defaultValue={settings[field.name] ?? ''}
              error={errorOf(field.name)}
            />
          ))}
        </fieldset>
        {serverErrors.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {update.isSuccess ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            QC thresholds saved; the worker uses them from its next start of this channel.
          </p>
        ) : null}
        {canEdit ? (
          <Button type="submit" busy={update.isPending}>
            Save thresholds
          </Button>
        ) : (
          <p className="text-xs text-slate-500">Content managers and the NOC can change these.</p>
        )}
      </form>
    </Card>
  );
}
