'use client';

import { Badge, Button, Card, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TRouterOutputs } from '../trpc/types';
import { dimensionsText, SEVERITY_TONE } from './alert-format';

type TAlert = TRouterOutputs['alerts']['list'][number];
export const ALERTS_POLL_MS = 15_000;

/** The alerts firing now: each can be acknowledged with a note (who and when are recorded). */
export function FiringAlerts() {
  const trpc = useTRPC();
  const firing = useQuery({
    ...trpc.alerts.list.queryOptions({ states: ['FIRING'], limit: 100 }),
    refetchInterval: ALERTS_POLL_MS,
  });
  return (
    <Card
      title="Firing now"
      description="Acknowledge an alert to take it out of everyone's bell; the note says what is being done."
    >
      {firing.isError ? (
        <ErrorState
          title="Firing alerts unavailable"
          message={describeQueryError(firing.error)}
          onRetry={() => void firing.refetch()}
        />
      ) : firing.isPending ? (
        <LoadingState label="Loading firing alerts" />
      ) : firing.data.length === 0 ? (
        <EmptyState title="Nothing is firing" description="Every rule's condition is on its good side." />
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100" aria-label="Firing alerts">
          {firing.data.map((alert) => (
            <FiringRow key={alert.id} alert={alert} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function FiringRow({ alert }: { alert: TAlert }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
      },
    }),
  );
  const errors = acknowledge.error ? formErrorsOf(acknowledge.error) : { fields: {}, form: [] };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    acknowledge.mutate({ id: alert.id, ...(note ? { note } : {}) });
  };
  const muted = alert.rule.mutedUntil && new Date(alert.rule.mutedUntil) > new Date();
  return (
    <li className="flex flex-col gap-2 py-3" data-testid="firing-alert">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={SEVERITY_TONE[alert.severity]}>{alert.severity}</Badge>
        <span className="font-medium text-slate-900">{alert.rule.name}</span>
        {dimensionsText(alert.dimensions, alert.channel) ? (
          <span className="text-sm text-slate-600">{dimensionsText(alert.dimensions, alert.channel)}</span>
        ) : null}
        {muted ? <Badge tone="neutral">muted</Badge> : null}
      </div>
      <p className="text-sm text-slate-700">{alert.message}</p>
      <p className="text-xs text-slate-600">
        Fired {alert.firedAt ? formatDateTime(alert.firedAt) : '—'}
        {alert.acknowledgedAt
          ? ` · acknowledged by ${alert.acknowledgedBy?.name ?? 'someone'} ${formatDateTime(alert.acknowledgedAt)}${alert.acknowledgeNote ? `: “${alert.acknowledgeNote}”` : ''}`
          : ''}
      </p>
      {alert.acknowledgedAt ? null : open ? (
        <form
          onSubmit={onSubmit}
          className="flex flex-wrap items-end gap-2"
          aria-label={`Acknowledge ${alert.rule.name}`}
        >
          <label className="flex min-w-64 flex-1 flex-col gap-1 text-xs font-medium text-slate-700">
            Note (optional)
            <input
              name="note"
              maxLength={1000}
              className="h-8 rounded border border-slate-300 px-2 text-sm font-normal"
              placeholder="What is being done"
            />
          </label>
          <Button type="submit" size="sm" busy={acknowledge.isPending}>
            Acknowledge
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          {[...errors.form, ...Object.values(errors.fields)].map((message) => (
            <p key={String(message)} role="alert" className="w-full text-sm text-rose-700">
              {String(message)}
            </p>
          ))}
        </form>
      ) : (
        <Button size="sm" variant="secondary" className="self-start" onClick={() => setOpen(true)}>
          Acknowledge…
        </Button>
      )}
    </li>
  );
}
