'use client';

import {
  Badge,
  Button,
  Card,
  ConfirmButton,
  DataTable,
  ErrorState,
  LoadingState,
  TextField,
} from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TCdnEdgeRow } from '../trpc/types';

/** A token shown once: the edge's operator copies it into the edge's configuration now, or rotates later. */
function TokenOnce({ name, token }: { name: string; token: string }) {
  return (
    <div role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="font-medium">Token for {name}: shown this once.</p>
      <p className="mt-1">
        Put it in the edge’s log shipper as <code>Authorization: Bearer …</code> for{' '}
        <code>POST /v1/edge-logs</code>. Keten keeps only its hash.
      </p>
      <label className="mt-2 block text-xs font-medium" htmlFor="edge-token">
        Token
      </label>
      <input
        id="edge-token"
        readOnly
        value={token}
        onFocus={(event) => event.currentTarget.select()}
        className="mt-1 w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs"
      />
    </div>
  );
}

/** Administrators add CDN edges, rotate and revoke their log tokens (each change audited). */
export function EdgesAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<{ name: string; token: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.delivery.edges.list.queryKey() });
  const edges = useQuery(trpc.delivery.edges.list.queryOptions());
  const create = useMutation(
    trpc.delivery.edges.create.mutationOptions({
      onSuccess: ({ edge, token }) => setShown({ name: edge.name, token }),
      onSettled: refresh,
    }),
  );
  const rotate = useMutation(
    trpc.delivery.edges.rotateToken.mutationOptions({
      onSuccess: ({ edge, token }) => setShown({ name: edge.name, token }),
      onSettled: refresh,
    }),
  );
  const revoke = useMutation(trpc.delivery.edges.revokeToken.mutationOptions({ onSettled: refresh }));
  const errors = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };
  const actionError = rotate.error ?? revoke.error;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setShown(undefined);
    create.mutate(
      {
        name: String(form.get('name') ?? '').trim(),
        location: String(form.get('location') ?? '').trim(),
      },
      { onSuccess: () => formElement.reset() },
    );
  }

  const busyId = rotate.isPending ? rotate.variables.id : revoke.isPending ? revoke.variables.id : undefined;
  let table: ReactNode;
  if (edges.isPending) table = <LoadingState variant="table" rows={3} label="Loading edges…" />;
  else if (edges.isError)
    table = (
      <ErrorState
        title="Edges could not be loaded"
        message={describeQueryError(edges.error)}
        onRetry={() => void edges.refetch()}
        retrying={edges.isFetching}
      />
    );
  else
    table = (
      <Card
        title="Edges"
        description={`${edges.data.length} ${edges.data.length === 1 ? 'edge' : 'edges'}`}
        flush
      >
        {actionError ? (
          <p role="alert" className="border-b border-rose-100 bg-rose-50 px-4 py-2 text-sm text-rose-800">
            {formErrorsOf(actionError).form.join(' ') || 'The change was not saved.'}
          </p>
        ) : null}
        <DataTable<TCdnEdgeRow>
          caption="CDN edges"
          rows={edges.data}
          rowKey={(row) => row.id}
          empty={
            <p className="px-4 py-6 text-sm text-slate-600">
              No edges yet. Add one to let it report its request log; until then the delivery view shows the
              origin’s own records only.
            </p>
          }
          columns={[
            {
              key: 'name',
              header: 'Edge',
              cell: (row) => (
                <div>
                  <div className="font-medium">{row.name}</div>
                  <div className="text-xs text-slate-500">{row.location || 'no location given'}</div>
                </div>
              ),
            },
            {
              key: 'token',
              header: 'Token',
              cell: (row) =>
                row.revokedAt ? (
                  <Badge tone="danger">Revoked {formatDateTime(row.revokedAt)}</Badge>
                ) : (
                  <code className="text-xs">{row.tokenPrefix}…</code>
                ),
            },
            {
              key: 'seen',
              header: 'Last log',
              cell: (row) => (
                <span className="text-xs whitespace-nowrap">
                  {row.lastSeenAt ? formatDateTime(row.lastSeenAt) : 'never'}
                </span>
              ),
            },
            {
              key: 'actions',
              header: <span className="sr-only">Actions</span>,
              align: 'right',
              cell: (row) => (
                <div className="flex justify-end gap-2">
                  <ConfirmButton
                    label={row.revokedAt ? 'New token' : 'Rotate token'}
                    name={`${row.revokedAt ? 'New token for' : 'Rotate token of'} ${row.name}`}
                    question={`The current token of ${row.name} stops working at once. Issue a new one?`}
                    tone="primary"
                    busy={busyId === row.id && rotate.isPending}
                    onConfirm={() => {
                      setShown(undefined);
                      rotate.mutate({ id: row.id });
                    }}
                  />
                  {row.revokedAt ? null : (
                    <ConfirmButton
                      label="Revoke"
                      name={`Revoke token of ${row.name}`}
                      question={`${row.name} can no longer send logs until it gets a new token. Revoke?`}
                      busy={busyId === row.id && revoke.isPending}
                      onConfirm={() => revoke.mutate({ id: row.id })}
                    />
                  )}
                </div>
              ),
            },
          ]}
        />
      </Card>
    );

  return (
    <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="flex min-w-0 flex-col gap-4">
        {shown ? <TokenOnce name={shown.name} token={shown.token} /> : null}
        {table}
      </div>
      <Card title="New edge" description="Its id appears in delivery records and on the delivery view.">
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="New edge">
          {errors.form.map((message) => (
            <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
              {message}
            </p>
          ))}
          <TextField
            label="Edge id"
            name="name"
            autoComplete="off"
            hint="Lower-case letters, digits, dots or dashes, e.g. ams-1."
            error={errors.fields.name}
          />
          <TextField label="Location" name="location" autoComplete="off" error={errors.fields.location} />
          <Button type="submit" busy={create.isPending} className="self-start">
            Add edge
          </Button>
        </form>
      </Card>
    </div>
  );
}
