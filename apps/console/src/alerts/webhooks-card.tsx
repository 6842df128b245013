'use client';

import { ALERT_SEVERITIES } from '@keten/contracts';
import {
  Button,
  Card,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  SelectField,
  TextField,
} from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

/** Administrators only: where alerts are posted. The signing secret is shown once, right after creation. */
export function WebhooksCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhooks = useQuery(trpc.alerts.webhooks.list.queryOptions());
  const [secret, setSecret] = useState<{ name: string; secret: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.webhooks.list.queryKey() });
  const create = useMutation(
    trpc.alerts.webhooks.create.mutationOptions({
      onSuccess: async (created) => {
        setSecret({ name: created.name, secret: created.secret });
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.alerts.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  const errors = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setSecret(undefined);
    create.mutate(
      {
        name: String(form.get('name') ?? ''),
        url: String(form.get('url') ?? ''),
        minSeverity: ALERT_SEVERITIES.find((s) => s === form.get('minSeverity')) ?? 'INFO',
      },
      { onSuccess: () => formElement.reset() },
    );
  };
  return (
    <Card
      title="Webhooks"
      description="Slack-compatible JSON, signed with HMAC-SHA256 in the X-Keten-Signature header (t=…,v1=…)."
    >
      <div className="flex flex-col gap-4">
        {webhooks.isError ? (
          <ErrorState
            title="Webhooks unavailable"
            message={describeQueryError(webhooks.error)}
            onRetry={() => void webhooks.refetch()}
          />
        ) : webhooks.isPending ? (
          <LoadingState label="Loading webhooks" />
        ) : (
          <DataTable
            caption="Webhooks"
            rows={webhooks.data}
            rowKey={(w) => w.id}
            empty={
              <EmptyState
                title="No webhooks"
                description="Alerts show in the console only until one is added."
              />
            }
            columns={[
              { key: 'name', header: 'Name', cell: (w) => w.name },
              { key: 'url', header: 'URL', cell: (w) => <span className="break-all text-xs">{w.url}</span> },
              { key: 'min', header: 'From severity', cell: (w) => w.minSeverity },
              {
                key: 'actions',
                header: <span className="sr-only">Actions</span>,
                align: 'right',
                cell: (w) => (
                  <ConfirmButton
                    label="Delete"
                    name={`Delete webhook ${w.name}`}
                    question={`Stop posting alerts to ${w.name}?`}
                    busy={remove.isPending}
                    onConfirm={() => remove.mutate({ id: w.id })}
                  />
                ),
              },
            ]}
          />
        )}
        {secret ? (
          <div role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Signing secret of {secret.name}, shown this once:{' '}
            <code className="break-all font-mono">{secret.secret}</code>
          </div>
        ) : null}
        <form onSubmit={onSubmit} noValidate className="grid gap-3 md:grid-cols-3" aria-label="New webhook">
          {errors.form.map((message) => (
            <p
              key={message}
              role="alert"
              className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 md:col-span-3"
            >
              {message}
            </p>
          ))}
          <TextField label="Webhook name" name="name" autoComplete="off" error={errors.fields.name} />
          <TextField
            label="URL"
            name="url"
            autoComplete="off"
            placeholder="https://hooks.slack.com/services/…"
            error={errors.fields.url}
          />
          <SelectField
            label="From severity"
            name="minSeverity"
            defaultValue="WARNING"
            options={ALERT_SEVERITIES.map((s) => ({ value: s, label: s }))}
          />
          <Button type="submit" busy={create.isPending} className="self-start">
            Add webhook
          </Button>
        </form>
      </div>
    </Card>
  );
}
