'use client';

import { parseAmsterdamTime } from '@keten/contracts';
import { Badge, Button, Card, DataTable, DateTimeField, SelectField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../format';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TSubscriptionRow } from './types';

const running = (row: TSubscriptionRow, now: number) =>
  new Date(row.startsAt).getTime() <= now && (!row.endsAt || new Date(row.endsAt).getTime() > now);

/** Subscriptions with start and end (Amsterdam time); add one, or end a running one now. */
export function SubscriptionsCard({
  subscriberId,
  rows,
}: {
  subscriberId: string;
  rows: TSubscriptionRow[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const packages = useQuery(trpc.subscribers.packageOptions.queryOptions());
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.subscribers.pathKey() });
  const add = useMutation(trpc.subscribers.subscriptions.add.mutationOptions({ onSuccess: refresh }));
  const end = useMutation(trpc.subscribers.subscriptions.end.mutationOptions({ onSuccess: refresh }));
  const errors = { ...(add.error ? formErrorsOf(add.error).fields : {}), ...localErrors };
  const now = Date.now();

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startsText = String(form.get('startsAt') ?? '');
    const endsText = String(form.get('endsAt') ?? '');
    const startsAt = parseAmsterdamTime(startsText);
    const endsAt = endsText ? parseAmsterdamTime(endsText) : null;
    const problems: Record<string, string> = {};
    if (!startsAt.ok) problems.startsAt = `Start ${startsAt.message}`;
    if (endsAt && !endsAt.ok) problems.endsAt = `End ${endsAt.message}`;
    setLocalErrors(problems);
    if (!startsAt.ok || (endsAt && !endsAt.ok)) return;
    add.mutate({
      subscriberId,
      packageId: String(form.get('packageId') ?? ''),
      startsAt: startsAt.instant,
      endsAt: endsAt?.ok ? endsAt.instant : null,
    });
  }

  return (
    <Card title="Subscriptions" description="Times in Europe/Amsterdam" flush>
      <DataTable<TSubscriptionRow>
        caption="Subscriptions"
        rows={rows}
        rowKey={(row) => row.id}
        empty={<p className="py-4 text-center text-sm text-slate-500">No subscriptions yet.</p>}
        columns={[
          {
            key: 'package',
            header: 'Package',
            cell: (row) => `${row.package.name} (${row.package.kind.toLowerCase()})`,
          },
          { key: 'start', header: 'Start', cell: (row) => formatDateTime(row.startsAt) },
          {
            key: 'end',
            header: 'End',
            cell: (row) => (row.endsAt ? formatDateTime(row.endsAt) : 'open-ended'),
          },
          {
            key: 'state',
            header: 'State',
            cell: (row) =>
              running(row, now) ? (
                <Badge tone="success">Running</Badge>
              ) : new Date(row.startsAt).getTime() > now ? (
                <Badge tone="info">Future</Badge>
              ) : (
                <Badge>Ended</Badge>
              ),
          },
          {
            key: 'action',
            header: <span className="sr-only">Actions</span>,
            align: 'right',
            cell: (row) =>
              running(row, now) ? (
                <Button
                  size="sm"
                  variant="ghost"
                  busy={end.isPending && end.variables.subscriptionId === row.id}
                  onClick={() => end.mutate({ subscriptionId: row.id })}
                >
                  End now
                </Button>
              ) : null,
          },
        ]}
      />
      <form
        onSubmit={onAdd}
        noValidate
        aria-label="Add subscription"
        className="grid items-start gap-3 border-t border-slate-100 p-4 sm:grid-cols-4"
      >
        <SelectField
          label="Package"
          name="packageId"
          placeholder="Choose…"
          options={(packages.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          error={errors.packageId}
        />
        <DateTimeField
          label="Start"
          name="startsAt"
          defaultValue={new Date().toISOString()}
          error={errors.startsAt}
        />
        <DateTimeField label="End (optional)" name="endsAt" error={errors.endsAt} />
        <div className="pt-5">
          <Button type="submit" variant="secondary" busy={add.isPending}>
            Add subscription
          </Button>
        </div>
        {end.error ? (
          <p role="alert" className="text-sm text-rose-700 sm:col-span-4">
            {formErrorsOf(end.error).form.join(' ')}
          </p>
        ) : null}
      </form>
    </Card>
  );
}
