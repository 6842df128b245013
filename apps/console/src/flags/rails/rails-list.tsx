'use client';

import { zKey } from '@keten/flags';
import { Badge, Button, Card, DataTable, EmptyState, ErrorState, LoadingState, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { describeQueryError, formErrorsOf } from '../../trpc/errors';
import { useTRPC } from '../../trpc/react';
import type { TRailRow } from '../types';
import { STARTER_RAIL } from './rail-draft';
import { RailPreview } from './rail-preview';

/** Every rail in home-screen order: title, key, variants, rules, default, live or off, version. */
export function RailsTable() {
  const trpc = useTRPC();
  const rails = useQuery(trpc.rails.list.queryOptions());
  if (rails.isPending) return <LoadingState variant="table" rows={3} label="Loading rails…" />;
  if (rails.isError) {
    return (
      <ErrorState
        title="Rails could not be loaded"
        message={describeQueryError(rails.error)}
        onRetry={() => void rails.refetch()}
        retrying={rails.isFetching}
      />
    );
  }
  return (
    <Card title="Rails" description={`${rails.data.length} rails, in home-screen order`} flush>
      <DataTable<TRailRow>
        caption="Rails"
        rows={rails.data}
        rowKey={(row) => row.id}
        empty={
          <EmptyState
            title="No rails yet"
            description="Boxes keep their built-in home screen until you create one."
          />
        }
        columns={[
          { key: 'position', header: 'Position', align: 'right', cell: (row) => row.position },
          {
            key: 'title',
            header: 'Rail',
            cell: (row) => (
              <div>
                <Link href={`/flags/rails/${row.id}`} className="font-medium text-sky-800 hover:underline">
                  {row.title}
                </Link>
                <div className="font-mono text-xs text-slate-500">{row.key}</div>
              </div>
            ),
          },
          {
            key: 'state',
            header: 'State',
            cell: (row) =>
              row.killed ? <Badge tone="danger">off</Badge> : <Badge tone="success">live</Badge>,
          },
          { key: 'variants', header: 'Variants', align: 'right', cell: (row) => row.variantCount },
          { key: 'rules', header: 'Rules', align: 'right', cell: (row) => row.ruleCount },
          { key: 'default', header: 'Default', cell: (row) => row.defaultVariant ?? 'no rail' },
          { key: 'version', header: 'Version', align: 'right', cell: (row) => row.version },
        ]}
      />
    </Card>
  );
}

/** A new rail starts empty for everyone; the editor adds its items and targeting. */
export function NewRailForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [keyError, setKeyError] = useState<string>();
  const create = useMutation(
    trpc.rails.create.mutationOptions({
      onSuccess: async (rail) => {
        await queryClient.invalidateQueries({ queryKey: trpc.rails.pathKey() });
        router.push(`/flags/rails/${rail.id}`);
      },
    }),
  );
  const server = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const key = String(form.get('key') ?? '').trim();
    const title = String(form.get('title') ?? '').trim();
    const checked = zKey('rail key').safeParse(key);
    const message = checked.error?.issues[0]?.message;
    setKeyError(message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined);
    if (!checked.success) return;
    create.mutate({ key, definition: { ...STARTER_RAIL, title: title || STARTER_RAIL.title } });
  }

  return (
    <Card title="New rail" description="Boxes get it in /v1/config once it has items.">
      <form onSubmit={onSubmit} noValidate aria-label="New rail" className="space-y-3">
        {server.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        <TextField
          label="Key"
          name="key"
          error={keyError ?? server.fields.key}
          hint="What boxes read, e.g. home.tonight"
          autoComplete="off"
        />
        <TextField label="Title" name="title" error={server.fields['definition.title']} hint="e.g. Tonight" />
        <Button type="submit" busy={create.isPending}>
          Create rail
        </Button>
      </form>
    </Card>
  );
}

/** The preview on the list page needs the channel names and cohorts. */
export function RailsPreview() {
  const trpc = useTRPC();
  const channels = useQuery(trpc.rails.channels.queryOptions());
  const cohorts = useQuery(trpc.cohorts.list.queryOptions());
  if (channels.isPending || cohorts.isPending) return <LoadingState label="Loading…" />;
  if (channels.isError || cohorts.isError)
    return (
      <ErrorState
        title="The preview could not be loaded"
        message={describeQueryError(channels.error ?? cohorts.error)}
        onRetry={() => void Promise.all([channels.refetch(), cohorts.refetch()])}
        retrying={channels.isFetching || cohorts.isFetching}
      />
    );
  return <RailPreview channels={channels.data} cohorts={cohorts.data} />;
}
