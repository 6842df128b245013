'use client';

import { CODEC_PROFILES, levelsOf, ZBoxModelCapabilitySchema } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TBoxModelRow } from './types';

const opts = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
const NONE = [{ value: '', label: 'none' }];

/** Edits a box model's decoder capabilities with the same schema the API enforces. */
export function BoxModelForm({ model }: { model: TBoxModelRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const update = useMutation(
    trpc.profiles.boxModels.updateCapabilities.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.profiles.pathKey() }),
    }),
  );
  const server = update.error ? formErrorsOf(update.error) : { fields: {}, form: [] };
  const errors: Record<string, string | undefined> = { ...server.fields, ...clientErrors };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const parsed = ZBoxModelCapabilitySchema.safeParse({
      id: model.id,
      videoCodecs: form.getAll('videoCodecs').map(String),
      maxH264Profile: text('maxH264Profile'),
      maxH264Level: text('maxH264Level'),
      maxHevcProfile: text('maxHevcProfile') || null,
      maxHevcLevel: text('maxHevcLevel') || null,
      maxWidth: Number(text('maxWidth')),
      maxHeight: Number(text('maxHeight')),
      maxFps: Number(text('maxFps')),
    });
    const next: Record<string, string> = {};
    if (!parsed.success)
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
    setClientErrors(next);
    if (parsed.success) update.mutate(parsed.data);
  }

  return (
    <Card
      title={`${model.vendor} ${model.name} decoder`}
      description={`${model.code} · ${model.deviceCount} boxes in the fleet`}
    >
      <form
        aria-label="Decoder capabilities"
        noValidate
        onSubmit={onSubmit}
        className="grid grid-cols-2 gap-3 md:grid-cols-4"
      >
        <fieldset className="col-span-2 md:col-span-4">
          <legend className="text-xs font-medium text-slate-700">Video codecs</legend>
          <div className="mt-1 flex gap-4 text-sm">
            {(['H264', 'HEVC'] as const).map((codec) => (
              <label key={codec} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  name="videoCodecs"
                  value={codec}
                  defaultChecked={model.videoCodecs.includes(codec)}
                />
                {codec === 'H264' ? 'H.264' : 'HEVC'}
              </label>
            ))}
          </div>
          {errors.videoCodecs ? <p className="text-xs text-rose-700">{errors.videoCodecs}</p> : null}
        </fieldset>
        <SelectField
          label="Max H.264 profile"
          name="maxH264Profile"
          options={opts(CODEC_PROFILES.H264)}
          defaultValue={model.maxH264Profile}
          error={errors.maxH264Profile}
        />
        <SelectField
          label="Max H.264 level"
          name="maxH264Level"
          options={opts(levelsOf('H264'))}
          defaultValue={model.maxH264Level}
          error={errors.maxH264Level}
        />
        <SelectField
          label="Max HEVC profile"
          name="maxHevcProfile"
          options={[...NONE, ...opts(CODEC_PROFILES.HEVC)]}
          defaultValue={model.maxHevcProfile ?? ''}
          error={errors.maxHevcProfile}
        />
        <SelectField
          label="Max HEVC level"
          name="maxHevcLevel"
          options={[...NONE, ...opts(levelsOf('HEVC'))]}
          defaultValue={model.maxHevcLevel ?? ''}
          error={errors.maxHevcLevel}
        />
        <TextField
          label="Max width"
          name="maxWidth"
          inputMode="numeric"
          defaultValue={model.maxWidth}
          error={errors.maxWidth}
        />
        <TextField
          label="Max height"
          name="maxHeight"
          inputMode="numeric"
          defaultValue={model.maxHeight}
          error={errors.maxHeight}
        />
        <TextField
          label="Max fps"
          name="maxFps"
          inputMode="decimal"
          defaultValue={model.maxFps}
          error={errors.maxFps}
        />
        <div className="flex items-end">
          <Button type="submit" busy={update.isPending}>
            Save decoder
          </Button>
        </div>
        {server.form.map((message) => (
          <p key={message} role="alert" className="col-span-2 text-sm text-rose-700 md:col-span-4">
            {message}
          </p>
        ))}
        {update.isSuccess ? (
          <p role="status" className="col-span-2 text-sm text-emerald-700 md:col-span-4">
            Saved; the compatibility matrix uses it now.
          </p>
        ) : null}
      </form>
    </Card>
  );
}
