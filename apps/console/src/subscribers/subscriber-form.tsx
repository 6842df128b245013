'use client';

import { REGIONS, SUBSCRIBER_STATUSES } from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { humanize } from './labels';
import type { TSubscriberDetail } from './types';

const REGION_OPTIONS = REGIONS.map((region) => ({ value: region, label: region }));
const STATUS_OPTIONS = SUBSCRIBER_STATUSES.map((status) => ({ value: status, label: humanize(status) }));

function valuesOf(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '');
  return {
    name: text('name'),
    email: text('email'),
    region: text('region') as (typeof REGIONS)[number],
    city: text('city'),
    postcode: text('postcode'),
    status: text('status') as (typeof SUBSCRIBER_STATUSES)[number],
    maxConcurrentStreams: Number(text('maxConcurrentStreams')),
  };
}

/** New subscriber (no `subscriber`) or edit; the API's zod messages show next to each field. */
export function SubscriberForm({ subscriber }: { subscriber?: TSubscriberDetail }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const onSuccess = async () => {
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: trpc.subscribers.pathKey() });
  };
  const create = useMutation(
    trpc.subscribers.create.mutationOptions({
      onSuccess: (created) => router.push(`/subscribers/${created.id}`),
    }),
  );
  const update = useMutation(trpc.subscribers.update.mutationOptions({ onSuccess }));
  const mutation = subscriber ? update : create;
  const errors = mutation.error ? formErrorsOf(mutation.error) : { fields: {}, form: [] };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    if (subscriber) update.mutate({ id: subscriber.id, ...valuesOf(form) });
    else create.mutate({ accountNumber: String(form.get('accountNumber') ?? ''), ...valuesOf(form) });
  }

  return (
    <Card title={subscriber ? 'Details' : 'New subscriber'}>
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={subscriber ? 'Edit subscriber' : 'New subscriber'}
        className="grid gap-3 sm:grid-cols-2"
      >
        {errors.form.map((message) => (
          <p
            key={message}
            role="alert"
            className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 sm:col-span-2"
          >
            {message}
          </p>
        ))}
        {subscriber ? null : (
          <TextField
            label="Account number"
            name="accountNumber"
            placeholder="KT1234567"
            error={errors.fields.accountNumber}
          />
        )}
        <TextField label="Name" name="name" defaultValue={subscriber?.name} error={errors.fields.name} />
        <TextField
          label="Email"
          name="email"
          type="email"
          defaultValue={subscriber?.email ?? ''}
          error={errors.fields.email}
        />
        <SelectField
          label="Region"
          name="region"
          options={REGION_OPTIONS}
          defaultValue={subscriber?.region ?? 'Utrecht'}
          error={errors.fields.region}
        />
        <TextField
          label="City"
          name="city"
          defaultValue={subscriber?.city ?? ''}
          error={errors.fields.city}
        />
        <TextField
          label="Postcode"
          name="postcode"
          defaultValue={subscriber?.postcode ?? ''}
          error={errors.fields.postcode}
        />
        <SelectField
          label="Status"
          name="status"
          options={STATUS_OPTIONS}
          defaultValue={subscriber?.status ?? 'ACTIVE'}
          error={errors.fields.status}
        />
        <TextField
          label="Concurrent streams"
          name="maxConcurrentStreams"
          type="number"
          min={1}
          max={10}
          defaultValue={subscriber?.maxConcurrentStreams ?? 2}
          error={errors.fields.maxConcurrentStreams}
        />
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" busy={mutation.isPending}>
            {subscriber ? 'Save changes' : 'Create subscriber'}
          </Button>
          {saved && subscriber ? (
            <span role="status" className="text-sm text-emerald-700">
              Saved.
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
