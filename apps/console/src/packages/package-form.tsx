'use client';

import { PACKAGE_KINDS, type TPackageKind, ZPackageCreateSchema } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TPackageDetail } from './types';

const KIND_OPTIONS = PACKAGE_KINDS.map((kind) => ({
  value: kind,
  label: kind === 'BASE' ? 'Base' : 'Add-on',
}));

function inputFrom(form: FormData) {
  const description = String(form.get('description') ?? '').trim();
  return {
    code: String(form.get('code') ?? ''),
    name: String(form.get('name') ?? ''),
    kind: (PACKAGE_KINDS.find((k) => k === form.get('kind')) ?? 'ADDON') as TPackageKind,
    description: description || undefined,
  };
}

/** Create a package, or edit one; same schema as the API, errors next to the field. */
export function PackageForm({ pkg }: { pkg?: TPackageDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const onSuccess = async (saved: { name: string }) => {
    setDone(pkg ? 'Saved.' : `${saved.name} was created.`);
    await queryClient.invalidateQueries({ queryKey: trpc.packages.pathKey() });
  };
  const create = useMutation(trpc.packages.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.packages.update.mutationOptions({ onSuccess }));
  const mutation = pkg ? update : create;
  const server = mutation.error ? formErrorsOf(mutation.error) : { fields: {}, form: [] };
  const errors: Record<string, string> = { ...server.fields, ...clientErrors };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const input = inputFrom(new FormData(formElement));
    const parsed = ZPackageCreateSchema.safeParse(input);
    const found: Record<string, string> = {};
    for (const issue of parsed.error?.issues ?? []) {
      found[issue.path.join('.')] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
    }
    setClientErrors(found);
    setDone(undefined);
    if (!parsed.success) return;
    if (pkg) update.mutate({ id: pkg.id, ...input });
    else create.mutate(input, { onSuccess: () => formElement.reset() });
  }

  return (
    <Card
      title={pkg ? pkg.name : 'New package'}
      description="A base package, or an add-on sold on top of one."
    >
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={pkg ? 'Edit package' : 'New package'}
        className="space-y-3"
      >
        {server.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {done ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {done}
          </p>
        ) : null}
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Code"
            name="code"
            defaultValue={pkg?.code}
            error={errors.code}
            hint="e.g. SPORT"
          />
          <SelectField
            label="Kind"
            name="kind"
            options={KIND_OPTIONS}
            defaultValue={pkg?.kind ?? 'ADDON'}
            error={errors.kind}
          />
        </div>
        <TextField label="Name" name="name" defaultValue={pkg?.name} error={errors.name} />
        <TextField
          label="Description"
          name="description"
          defaultValue={pkg?.description ?? ''}
          error={errors.description}
        />
        <Button type="submit" busy={mutation.isPending}>
          {pkg ? 'Save package' : 'Create package'}
        </Button>
      </form>
    </Card>
  );
}
