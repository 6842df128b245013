'use client';

import { Badge, Button, Card, DataTable, ErrorState, LoadingState, TextField } from '@keten/ui';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { genreLabel } from '../channels/labels';
import type { TChannelRow } from '../channels/types';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

/** Bulk edit: tick channels (across searches), then add them to or remove them from the package in one change. */
export function MembershipEditor({ packageId, memberIds }: { packageId: string; memberIds: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const channels = useQuery({
    ...trpc.channels.list.queryOptions({ q: q || undefined, pageSize: 200, sort: 'lcn' }),
    placeholderData: keepPreviousData,
  });
  const members = new Set(memberIds);
  // The package's own channels first, then the ones that could be added; each part stays in LCN order.
  const rows = channels.data
    ? [
        ...channels.data.items.filter((row) => members.has(row.id)),
        ...channels.data.items.filter((row) => !members.has(row.id)),
      ]
    : [];
  const change = useMutation(
    trpc.packages.setMembership.mutationOptions({
      onSuccess: async () => {
        setSelected(new Set());
        await queryClient.invalidateQueries({ queryKey: trpc.packages.pathKey() });
      },
    }),
  );
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toAdd = [...selected].filter((id) => !members.has(id));
  const toRemove = [...selected].filter((id) => members.has(id));
  const error = change.error ? formErrorsOf(change.error) : undefined;

  return (
    <Card
      title="Channels in this package"
      description={`${memberIds.length} channels, listed first · ${selected.size} selected`}
      flush
      actions={
        <>
          <Button
            size="sm"
            disabled={toAdd.length === 0}
            busy={change.isPending}
            onClick={() => change.mutate({ packageId, add: toAdd })}
          >
            Add {toAdd.length} selected
          </Button>
          <Button
            size="sm"
            variant="danger"
            disabled={toRemove.length === 0}
            busy={change.isPending}
            onClick={() => change.mutate({ packageId, remove: toRemove })}
          >
            Remove {toRemove.length} selected
          </Button>
        </>
      }
    >
      <div className="flex items-end gap-3 border-b border-slate-100 px-4 py-3">
        <div className="w-72">
          <TextField
            label="Find channels"
            value={q}
            placeholder="Name, slug or LCN"
            onChange={(event) => setQ(event.currentTarget.value)}
          />
        </div>
        {change.isSuccess ? (
          <p role="status" className="text-sm text-emerald-700">
            {change.data.added} added, {change.data.removed} removed; {change.data.total} channels now.
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-rose-700">
            {Object.values(error.fields)[0] ?? error.form[0]}
          </p>
        ) : null}
      </div>
      {channels.isPending ? (
        <LoadingState variant="table" rows={8} label="Loading channels…" />
      ) : channels.isError ? (
        <ErrorState title="Channels could not be loaded" message={describeQueryError(channels.error)} />
      ) : (
        <DataTable<TChannelRow>
          caption="Channels to add or remove"
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'select',
              header: <span className="sr-only">Select</span>,
              cell: (row) => (
                <input
                  type="checkbox"
                  aria-label={`Select ${row.name}`}
                  checked={selected.has(row.id)}
                  onChange={() => toggle(row.id)}
                />
              ),
            },
            { key: 'lcn', header: 'LCN', align: 'right', cell: (row) => row.lcn },
            { key: 'name', header: 'Channel', cell: (row) => row.name },
            { key: 'genre', header: 'Genre', cell: (row) => genreLabel(row.genre) },
            {
              key: 'member',
              header: 'In package',
              cell: (row) =>
                members.has(row.id) ? (
                  <Badge tone="success">in package</Badge>
                ) : (
                  <span className="text-xs text-slate-500">—</span>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
