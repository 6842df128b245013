'use client';

import { ZRoleSchema } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { ROLE_OPTIONS } from './role-options';

/** Creates an operator; the API's zod messages appear next to the fields they concern. */
export function CreateOperatorForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string>();
  const create = useMutation(
    trpc.operators.create.mutationOptions({
      onSuccess: async (operator) => {
        setCreated(operator.email);
        await queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() });
      },
    }),
  );
  const errors = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setCreated(undefined);
    create.mutate(
      {
        email: String(form.get('email') ?? '').trim(),
        name: String(form.get('name') ?? '').trim(),
        role: ZRoleSchema.catch('SUPPORT').parse(form.get('role')),
        password: String(form.get('password') ?? ''),
      },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <Card title="New operator" description="The operator signs in with this email and password.">
      {/* noValidate: the API's schema is the one source of the rules, and its messages show per field. */}
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="New operator">
        {errors.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {created ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {created} can now sign in.
          </p>
        ) : null}
        <TextField label="Name" name="name" autoComplete="off" error={errors.fields.name} />
        <TextField label="Email" name="email" type="email" autoComplete="off" error={errors.fields.email} />
        <SelectField
          label="Role"
          name="role"
          options={ROLE_OPTIONS}
          defaultValue="SUPPORT"
          error={errors.fields.role}
        />
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. Share it with the operator over a separate channel."
          error={errors.fields.password}
        />
        <Button type="submit" busy={create.isPending} className="self-start">
          Create operator
        </Button>
      </form>
    </Card>
  );
}
