'use client';

import { Badge, Card, ErrorState, LoadingState, PageHeader } from '@keten/ui';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../format';
import { formatSize } from '../jobs/media-format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { CompareCharts } from './compare-charts';
import { EventsTimeline } from './events-timeline';
import { GuardrailChecks } from './guardrail-checks';
import { RolloutActions } from './rollout-actions';
import { STATE_LABELS } from './rollout-format';
import type { TRolloutDetail } from './types';
import { WavesCard } from './waves-card';

const DESCRIPTION = 'Waves, guardrails against the control, and every state change.';

/**
 * One rollout under a header with its name (and the tab's title): what it ships to whom, its waves, its
 * guardrails, the charts behind them, and its history.
 */
export function RolloutDetail({ id, canRun, eyebrow }: { id: string; canRun: boolean; eyebrow: string }) {
  const trpc = useTRPC();
  const rollout = useQuery({ ...trpc.rollouts.get.queryOptions({ id }), refetchInterval: 15_000 });
  const name = rollout.data?.name;
  return (
    <>
      {/* React puts this title ahead of the page's own, so the tab names the rollout once it is known. */}
      {name ? <title>{`${name} · Rollouts · Keten`}</title> : null}
      <PageHeader eyebrow={eyebrow} title={name ?? 'Rollout'} description={DESCRIPTION} />
      <RolloutBody canRun={canRun} rollout={rollout} />
    </>
  );
}

function RolloutBody({
  canRun,
  rollout,
}: {
  canRun: boolean;
  rollout: UseQueryResult<TRolloutDetail, unknown>;
}) {
  if (rollout.isPending) return <LoadingState variant="table" rows={6} label="Loading the rollout…" />;
  if (rollout.isError) {
    return (
      <ErrorState
        title="The rollout could not be loaded"
        message={describeQueryError(rollout.error)}
        onRetry={() => void rollout.refetch()}
        retrying={rollout.isFetching}
      />
    );
  }
  const r = rollout.data;
  const state = STATE_LABELS[r.state];
  const firmware = r.firmwareVersion;
  return (
    <div className="flex flex-col gap-5">
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <Card
          title="Summary"
          description={`Created ${formatDateTime(r.createdAt)}${r.createdBy ? ` by ${r.createdBy.name}` : ''}`}
          actions={<Badge tone={state.tone}>{state.label}</Badge>}
          // Without the actions (the NOC reads), the summary takes the row.
          className={canRun ? 'xl:col-span-2' : 'xl:col-span-3'}
        >
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <Fact label="Firmware">
              <span className="font-mono">{firmware.version}</span> for {firmware.boxModel.name}
              {firmware.sizeBytes !== null ? ` · ${formatSize(firmware.sizeBytes)}` : ''}
            </Fact>
            <Fact label="Rollback returns to">
              {r.rollbackFirmwareVersion ? (
                <span className="font-mono">{r.rollbackFirmwareVersion.version}</span>
              ) : (
                'no older version'
              )}
            </Fact>
            <Fact label="Cohort">{r.cohort.name}</Fact>
            <Fact label="Started">{r.startedAt ? formatDateTime(r.startedAt) : 'not yet'}</Fact>
            {r.haltReason ? (
              <div className="sm:col-span-2">
                <dt className="text-xs font-medium text-slate-500">
                  {r.state === 'ROLLED_BACK' ? 'Rolled back because' : 'Halted because'}
                </dt>
                <dd className="text-slate-900" data-testid="halt-reason">
                  {r.haltReason}
                </dd>
              </div>
            ) : null}
          </dl>
        </Card>
        {canRun ? <RolloutActions rollout={r} /> : null}
      </div>
      <WavesCard rollout={r} />
      <GuardrailChecks rollout={r} />
      <CompareCharts rolloutId={r.id} enabled={r.state !== 'DRAFT'} />
      <EventsTimeline rollout={r} />
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}
