'use client';

import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatCount, formatDateTime } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { STATE_LABELS, wavePlan } from './rollout-format';
import type { TRolloutRow } from './types';
import { WaveBar } from './wave-bar';

/** Every rollout, newest first: its state, firmware, cohort and how far its waves got. */
export function RolloutsTable({ canRun }: { canRun: boolean }) {
  const trpc = useTRPC();
  const rollouts = useQuery({ ...trpc.rollouts.list.queryOptions({}), refetchInterval: 30_000 });
  if (rollouts.isPending) return <LoadingState variant="table" rows={4} label="Loading rollouts…" />;
  if (rollouts.isError) {
    return (
      <ErrorState
        title="Rollouts could not be loaded"
        message={describeQueryError(rollouts.error)}
        onRetry={() => void rollouts.refetch()}
        retrying={rollouts.isFetching}
      />
    );
  }
  return (
    <Card title="Rollouts" description={`${rollouts.data.length} rollouts, newest first`} flush>
      <DataTable<TRolloutRow>
        caption="Firmware rollouts"
        rows={rollouts.data}
        rowKey={(row) => row.id}
        empty={
          <EmptyState
            title="No rollouts yet"
            description={
              canRun
                ? 'Create one: a firmware, a cohort and its waves. Boxes learn their target from /v1/firmware.'
                : 'Product managers create them; they appear here.'
            }
          />
        }
        columns={[
          {
            key: 'name',
            header: 'Rollout',
            cell: (row) => (
              <div>
                <Link href={`/rollouts/${row.id}`} className="font-medium text-sky-800 hover:underline">
                  {row.name}
                </Link>
                <span className="block text-xs text-slate-500">
                  created {formatDateTime(row.createdAt)}
                  {row.createdBy ? ` by ${row.createdBy.name}` : ''}
                </span>
              </div>
            ),
          },
          {
            key: 'state',
            header: 'State',
            cell: (row) => <Badge tone={STATE_LABELS[row.state].tone}>{STATE_LABELS[row.state].label}</Badge>,
          },
          {
            key: 'firmware',
            header: 'Firmware',
            cell: (row) => (
              <div>
                <span className="font-mono">{row.firmwareVersion.version}</span>
                <span className="block text-xs text-slate-500">
                  {row.firmwareVersion.boxModel.name}
                  {row.rollbackFirmwareVersion ? ` · back to ${row.rollbackFirmwareVersion.version}` : ''}
                </span>
              </div>
            ),
          },
          { key: 'cohort', header: 'Cohort', cell: (row) => row.cohort.name },
          {
            key: 'waves',
            header: 'Waves',
            cell: (row) => (
              <div className="min-w-48">
                <span className="text-xs text-slate-700">
                  {row.progress.currentWave
                    ? `wave ${row.progress.currentWave} of ${row.waves.length}`
                    : `${row.waves.length} waves`}{' '}
                  · reached {row.progress.reachedPercent} % of {formatCount(row.progress.eligible)} boxes
                </span>
                <WaveBar
                  className="mt-1"
                  label={`Boxes updated in ${row.name}`}
                  targeted={row.progress.targeted}
                  updated={row.progress.updated}
                  muted={row.state === 'DRAFT'}
                />
                <span className="block text-xs text-slate-500">{wavePlan(row.waves)}</span>
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}
