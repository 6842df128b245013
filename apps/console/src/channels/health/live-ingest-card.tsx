'use client';

import { Badge, Button, Card } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '../../format';
import { formErrorsOf } from '../../trpc/errors';
import { useTRPC } from '../../trpc/react';
import { HEALTH_TONES, PROTOCOL_SHORT, sourceRole } from '../labels';
import { formatAgo, type TChannelHealth } from './health-format';

const LIVE_STATE: Record<
  string,
  { label: string; tone: 'neutral' | 'info' | 'success' | 'warning' | 'danger' }
> = {
  waiting: { label: 'Queued', tone: 'info' },
  prioritized: { label: 'Queued', tone: 'info' },
  delayed: { label: 'Restarting', tone: 'warning' },
  active: { label: 'Running', tone: 'success' },
  completed: { label: 'Stopped', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
};
const RECORD_STATE: Record<string, string> = {
  QUEUED: 'waiting',
  ACTIVE: 'active',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'completed',
};

/** What is on air, when it last switched, and the live ingest job with Start / Stop for roles that may. */
export function LiveIngestCard({ health, canOperate }: { health: TChannelHealth; canOperate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.channels.health.queryKey() });
  const start = useMutation(trpc.channels.live.start.mutationOptions({ onSettled: refresh }));
  const stop = useMutation(trpc.channels.live.stop.mutationOptions({ onSettled: refresh }));
  const error = start.error ?? stop.error;

  const { onAir, live } = health;
  const queueState = live.queue?.state ?? (live.record ? RECORD_STATE[live.record.state] : undefined);
  const status = queueState ? LIVE_STATE[queueState] : undefined;
  const running =
    queueState === 'waiting' ||
    queueState === 'prioritized' ||
    queueState === 'delayed' ||
    queueState === 'active';
  const onAirPosition = onAir ? health.sources.findIndex((source) => source.id === onAir.id) : -1;

  return (
    <Card
      title="On air"
      description="Written by the ingest worker as it switches sources."
      actions={
        canOperate ? (
          running ? (
            <Button
              size="sm"
              variant="danger"
              busy={stop.isPending}
              onClick={() => stop.mutate({ id: health.channel.id })}
            >
              Stop live ingest
            </Button>
          ) : (
            <Button size="sm" busy={start.isPending} onClick={() => start.mutate({ id: health.channel.id })}>
              Start live ingest
            </Button>
          )
        ) : null
      }
    >
      <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm [&>dd]:min-w-0">
        <dt className="text-slate-500">Source on air</dt>
        <dd>
          {onAir ? (
            <span className="flex flex-wrap items-center gap-1.5">
              {sourceRole(onAirPosition)} · {PROTOCOL_SHORT[onAir.protocol]}
              <Badge tone={HEALTH_TONES[onAir.health]}>{onAir.health.toLowerCase()}</Badge>
              <span className="w-full truncate font-mono text-xs text-slate-600" title={onAir.url}>
                {onAir.url}
              </span>
            </span>
          ) : (
            <span className="text-slate-500">None: the channel is not being taken in.</span>
          )}
        </dd>
        <dt className="text-slate-500">Last failover</dt>
        <dd>
          {health.lastFailoverAt ? (
            <span title={formatDateTime(health.lastFailoverAt)}>
              {formatAgo(health.lastFailoverAt)}{' '}
              <span className="text-slate-500">({formatDateTime(health.lastFailoverAt)})</span>
            </span>
          ) : (
            <span className="text-slate-500">Never</span>
          )}
        </dd>
        <dt className="text-slate-500">Live ingest</dt>
        <dd className="flex flex-wrap items-center gap-1.5">
          {status ? <Badge tone={status.tone}>{status.label}</Badge> : <Badge>Not started</Badge>}
          {live.record ? <span className="text-xs text-slate-600">{recordLine(live.record)}</span> : null}
        </dd>
        {live.record?.state === 'CANCELLED' ? null : live.queue?.failedReason || live.record?.error ? (
          <>
            <dt className="text-slate-500">Last error</dt>
            <dd className="font-mono text-xs break-words text-rose-800">
              {live.queue?.failedReason || live.record?.error}
            </dd>
          </>
        ) : null}
        <dt className="text-slate-500">Profile</dt>
        <dd>
          {health.profileVersion ? (
            `${health.profileVersion.profileName} v${health.profileVersion.version}`
          ) : (
            <span className="text-amber-800">No profile version pinned: live ingest cannot start.</span>
          )}
        </dd>
      </dl>
      {error ? (
        <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {formErrorsOf(error).fields.id ?? formErrorsOf(error).form[0]}
        </p>
      ) : null}
      {stop.data?.outcome === 'stop-requested' ? (
        <p role="status" className="mt-3 text-xs text-slate-600">
          {stop.data.workersNotified > 0
            ? 'The worker was asked to stop; the status changes once its encoders have stopped.'
            : 'No worker heard the request; if the job still shows as running, try again in a moment.'}
        </p>
      ) : null}
    </Card>
  );
}

type TLiveRecord = NonNullable<TChannelHealth['live']['record']>;

/** When the run was queued, started or ended, in a few words; a stop says who stopped it. */
function recordLine(record: TLiveRecord): string {
  if (record.state === 'QUEUED') return `queued ${formatAgo(record.createdAt)}`;
  if (record.state === 'ACTIVE')
    return `since ${formatDateTime(record.startedAt ?? record.createdAt)}${record.attempts > 1 ? ` · attempt ${record.attempts}` : ''}`;
  const ended = `ended ${formatAgo(record.finishedAt ?? record.createdAt)}`;
  return record.state === 'CANCELLED' && record.error ? `${record.error}, ${ended}` : ended;
}
