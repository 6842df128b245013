'use client';

import { ZFirmwareCreateSchema } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** Adds a firmware image to a box model; checked with the API's own schema before it is sent. */
export function NewFirmwareForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notesId = useId();
  const models = useQuery(trpc.firmware.list.queryOptions());
  const [local, setLocal] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<string>();
  const create = useMutation(
    trpc.firmware.create.mutationOptions({
      onSuccess: async (firmware) => {
        await queryClient.invalidateQueries({ queryKey: trpc.firmware.pathKey() });
        setAdded(firmware.version);
      },
    }),
  );
  const server = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };
  const errorOf = (field: string) => local[field] ?? server.fields[field];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const size = text('sizeBytes');
    const parsed = ZFirmwareCreateSchema.safeParse({
      boxModelId: text('boxModelId'),
      version: text('version'),
      imageUrl: text('imageUrl'),
      sha256: text('sha256'),
      sizeBytes: size === '' ? undefined : Number(size),
      notes: text('notes') || undefined,
    });
    const errors: Record<string, string> = {};
    for (const issue of parsed.error?.issues ?? []) {
      const field = String(issue.path[0] ?? 'form');
      errors[field] ??= sentence(
        field === 'boxModelId'
          ? 'choose a box model'
          : field === 'sizeBytes' && size === ''
            ? 'is required'
            : issue.message,
      );
    }
    setLocal(errors);
    setAdded(undefined);
    if (!parsed.success) return;
    create.mutate(parsed.data, { onSuccess: () => formElement.reset() });
  }

  const options = (models.data ?? []).map((model) => ({
    value: model.id,
    label: `${model.vendor} ${model.name}`,
  }));
  return (
    <Card
      title="New firmware"
      description="Boxes verify the image against its SHA-256 and size before flashing."
    >
      <form onSubmit={onSubmit} noValidate aria-label="New firmware" className="space-y-3">
        {server.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {added ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Firmware {added} added.
          </p>
        ) : null}
        <SelectField
          label="Box model"
          name="boxModelId"
          options={options}
          placeholder="Choose…"
          defaultValue=""
          error={errorOf('boxModelId')}
        />
        <TextField
          label="Version"
          name="version"
          hint="e.g. 2.1.0"
          autoComplete="off"
          error={errorOf('version')}
        />
        <TextField
          label="Image URL"
          name="imageUrl"
          inputMode="url"
          hint="Where boxes download the image (http or https)"
          error={errorOf('imageUrl')}
        />
        <TextField
          label="SHA-256"
          name="sha256"
          autoComplete="off"
          spellCheck={false}
          hint="64 hexadecimal characters"
          className="font-mono"
          error={errorOf('sha256')}
        />
        <TextField
          label="Size in bytes"
          name="sizeBytes"
          inputMode="numeric"
          hint="Exactly as the image file's size"
          error={errorOf('sizeBytes')}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor={notesId} className="text-xs font-medium text-slate-700">
            Notes
          </label>
          <textarea
            id={notesId}
            name="notes"
            rows={3}
            maxLength={2000}
            className="w-full rounded-md border border-slate-300 p-2 text-sm"
          />
          {errorOf('notes') ? <p className="text-xs text-rose-700">Notes: {errorOf('notes')}</p> : null}
        </div>
        <Button type="submit" busy={create.isPending}>
          Add firmware
        </Button>
      </form>
    </Card>
  );
}
