'use client';

import { ALERT_SEVERITIES } from '@keten/contracts';
import {
  Badge,
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
import type { TRouterOutputs } from '../trpc/types';

type TWebhook = TRouterOutputs['alerts']['webhooks']['list'][number];

/** Administrators only: where alerts are posted. The signing secret is shown once, right after creation. */
export function WebhooksCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhooks = useQuery(trpc.alerts.webhooks.list.queryOptions());
  const [secret, setSecret] = useState<{ name: string; secret: string }>();
  const [editingId, setEditingId] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.webhooks.list.queryKey() });
  const remove = useMutation(trpc.alerts.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  const editing = webhooks.data?.find((w) => w.id === editingId);
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
              {
                key: 'name',
                header: 'Name',
                cell: (w) => (
                  <span className="flex items-center gap-2">
                    {w.name}
                    {w.enabled ? null : <Badge tone="neutral">disabled</Badge>}
                  </span>
                ),
              },
              { key: 'url', header: 'URL', cell: (w) => <span className="break-all text-xs">{w.url}</span> },
              { key: 'min', header: 'From severity', cell: (w) => w.minSeverity },
              {
                key: 'actions',
                header: <span className="sr-only">Actions</span>,
                align: 'right',
                cell: (w) => (
                  <div className="flex justify-end gap-1.5">
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-label={`Edit webhook ${w.name}`}
                      onClick={() => {
                        setSaved(undefined);
                        setEditingId(w.id);
                      }}
                    >
                      Edit
                    </Button>
                    <ConfirmButton
                      label="Delete"
                      name={`Delete webhook ${w.name}`}
                      question={`Stop posting alerts to ${w.name}?`}
                      busy={remove.isPending}
                      onConfirm={() => remove.mutate({ id: w.id })}
                    />
                  </div>
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
        {saved ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Webhook “{saved}” saved; its signing secret is unchanged.
          </p>
        ) : null}
        {editing ? (
          <WebhookForm
            key={editing.id}
            webhook={editing}
            onDone={(name) => {
              setEditingId(undefined);
              setSaved(name);
            }}
          />
        ) : (
          <WebhookForm
            onCreated={(name, created) => {
              setSaved(undefined);
              setSecret({ name, secret: created });
            }}
          />
        )}
      </div>
    </Card>
  );
}

/** A new webhook, or an existing one to edit (`webhook`): name, URL, from which severity (and, editing, enabled). */
function WebhookForm({
  webhook,
  onDone,
  onCreated,
}: {
  webhook?: TWebhook;
  onDone?: (saved?: string) => void;
  onCreated?: (name: string, secret: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.webhooks.list.queryKey() });
  const create = useMutation(trpc.alerts.webhooks.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(
    trpc.alerts.webhooks.update.mutationOptions({
      onSuccess: async (updated) => {
        await refresh();
        onDone?.(updated.name);
      },
    }),
  );
  const save = webhook ? update : create;
  const errors = save.error ? formErrorsOf(save.error) : { fields: {}, form: [] };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = {
      name: String(form.get('name') ?? ''),
      url: String(form.get('url') ?? ''),
      minSeverity: ALERT_SEVERITIES.find((s) => s === form.get('minSeverity')) ?? 'INFO',
    };
    if (webhook) update.mutate({ ...input, id: webhook.id, enabled: form.get('enabled') === 'on' });
    else
      create.mutate(input, {
        onSuccess: (created) => {
          formElement.reset();
          onCreated?.(created.name, created.secret);
        },
      });
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="grid gap-3 md:grid-cols-3"
      aria-label={webhook ? `Edit webhook ${webhook.name}` : 'New webhook'}
    >
      {webhook ? (
        <h3 className="text-sm font-semibold text-slate-900 md:col-span-3">Edit “{webhook.name}”</h3>
      ) : null}
      {errors.form.map((message) => (
        <p
          key={message}
          role="alert"
          className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 md:col-span-3"
        >
          {message}
        </p>
      ))}
      <TextField
        label="Webhook name"
        name="name"
        autoComplete="off"
        defaultValue={webhook?.name}
        error={errors.fields.name}
      />
      <TextField
        label="URL"
        name="url"
        autoComplete="off"
        placeholder="https://hooks.slack.com/services/…"
        defaultValue={webhook?.url}
        error={errors.fields.url}
      />
      <SelectField
        label="From severity"
        name="minSeverity"
        defaultValue={webhook?.minSeverity ?? 'WARNING'}
        options={ALERT_SEVERITIES.map((s) => ({ value: s, label: s }))}
        error={errors.fields.minSeverity}
      />
      {webhook ? (
        <label className="flex items-center gap-2 text-sm text-slate-800 md:col-span-3">
          <input type="checkbox" name="enabled" defaultChecked={webhook.enabled} /> Enabled (a disabled
          webhook is sent nothing)
        </label>
      ) : null}
      <div className="flex gap-2 self-start">
        <Button type="submit" busy={save.isPending}>
          {webhook ? 'Save webhook' : 'Add webhook'}
        </Button>
        {webhook ? (
          <Button type="button" variant="secondary" onClick={() => onDone?.()}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
