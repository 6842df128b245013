'use client';

import { Badge, Button, Card, ErrorState, LoadingState, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { FormEvent } from 'react';
import { formatDateTime } from '../format';
import { SessionsCard } from '../qoe/sessions-card';
import { humanize, STATUS_TONE } from '../subscribers/labels';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { DeviceActions } from './device-actions';
import { PlayerUrlsCard } from './player-urls-card';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** One box: identity, owner, token state; assign it, issue an activation code, revoke its token, hand out player URLs. */
export function DeviceView({
  id,
  canEdit = true,
  canSeeSessions = true,
}: {
  id: string;
  /** Product managers read boxes (model, firmware, app version); support changes them. */
  canEdit?: boolean;
  canSeeSessions?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const device = useQuery(trpc.subscribers.devices.get.queryOptions({ deviceId: id }));
  const assign = useMutation(
    trpc.subscribers.devices.assign.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.subscribers.devices.pathKey() }),
    }),
  );
  if (device.isPending) return <LoadingState variant="table" rows={4} label="Loading the box…" />;
  if (device.isError) {
    return (
      <ErrorState
        title="The box could not be loaded"
        message={describeQueryError(device.error)}
        onRetry={() => void device.refetch()}
        retrying={device.isFetching}
      />
    );
  }
  const d = device.data;
  const assignErrors = assign.error ? formErrorsOf(assign.error) : { fields: {}, form: [] };

  function onAssign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    assign.mutate({
      deviceId: id,
      accountNumber: String(new FormData(event.currentTarget).get('accountNumber') ?? ''),
    });
  }

  return (
    <div className="grid items-start gap-5 xl:grid-cols-3">
      <Card
        title={<span className="font-mono">{d.serial}</span>}
        actions={
          canEdit ? (
            <DeviceActions
              deviceId={d.id}
              assigned={d.subscriber !== null}
              revoked={d.tokenState === 'REVOKED'}
            />
          ) : null
        }
        className="xl:col-span-2"
      >
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          <Fact label="MAC">
            <span className="font-mono">{d.mac}</span>
          </Fact>
          <Fact label="Model">
            {d.boxModel.vendor} {d.boxModel.name}
          </Fact>
          <Fact label="Firmware">{d.firmwareVersion?.version ?? '—'}</Fact>
          <Fact label="Status">
            <Badge tone={STATUS_TONE[d.status]}>{humanize(d.status)}</Badge>
          </Fact>
          <Fact label="Token">
            <Badge tone={STATUS_TONE[d.tokenState]}>
              {humanize(d.tokenState)} · version {d.tokenVersion}
            </Badge>
          </Fact>
          <Fact label="Activation code">
            <span className="font-mono">{d.activationCode ?? '—'}</span>
          </Fact>
          <Fact label="Last seen">{d.lastSeenAt ? formatDateTime(d.lastSeenAt) : 'never'}</Fact>
          <Fact label="App version">{d.appVersion ?? '—'}</Fact>
          <Fact label="Owner">
            {d.subscriber && !canEdit ? (
              d.subscriber.accountNumber
            ) : d.subscriber ? (
              <Link href={`/subscribers/${d.subscriber.id}`} className="text-sky-700 hover:underline">
                {d.subscriber.name} ({d.subscriber.accountNumber})
              </Link>
            ) : (
              'in stock'
            )}
          </Fact>
        </dl>
      </Card>
      {canEdit ? (
        <Card title={d.subscriber ? 'Move to another subscriber' : 'Assign to a subscriber'}>
          <form onSubmit={onAssign} noValidate aria-label="Assign box" className="flex flex-col gap-3">
            {assignErrors.form.map((message) => (
              <p key={message} role="alert" className="text-sm text-rose-700">
                {message}
              </p>
            ))}
            <TextField
              label="Account number"
              name="accountNumber"
              placeholder="KT1234567"
              error={assignErrors.fields.accountNumber}
            />
            <Button type="submit" variant="secondary" busy={assign.isPending} className="self-start">
              Assign
            </Button>
          </form>
        </Card>
      ) : null}
      {canEdit ? (
        <PlayerUrlsCard
          deviceId={d.id}
          issuedAt={d.playerTokenIssuedAt}
          hint={d.playerTokenHint}
          assigned={d.subscriber !== null}
          revoked={d.tokenState === 'REVOKED'}
        />
      ) : null}
      {canSeeSessions ? (
        <div className="xl:col-span-3">
          <SessionsCard deviceId={d.id} />
        </div>
      ) : null}
    </div>
  );
}
