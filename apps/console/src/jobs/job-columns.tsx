import type { TJobState } from '@keten/contracts';
import { ConfirmButton, type DataTableColumn } from '@keten/ui';
import type { TRouterOutputs } from '../trpc/types';
import { ErrorLines, ProgressBar, StateBadge, When } from './job-cells';
import { jobProgress } from './job-progress';
import { jobSummary } from './job-summary';

export type TJobRow = TRouterOutputs['jobs']['list']['items'][number];

export interface TJobActions {
  cancel: (id: string) => void;
  retry: (id: string) => void;
  cancelling: boolean;
  retrying: boolean;
}

/** The jobs table's columns: a waiting or running job can be cancelled, an ended one retried, each after a confirm. */
export function jobColumns(actions: TJobActions): DataTableColumn<TJobRow>[] {
  return [
    { key: 'state', header: 'State', cell: (job) => <StateBadge state={job.state as TJobState} /> },
    {
      key: 'job',
      header: 'Job',
      cell: (job) => {
        const summary = jobSummary(job);
        return (
          <div className="max-w-60">
            <div className="truncate font-medium text-slate-900" title={summary.title}>
              {summary.title}
            </div>
            {summary.detail ? (
              <div className="truncate font-mono text-xs text-slate-500" title={summary.detail}>
                {summary.detail}
              </div>
            ) : null}
            <div className="text-xs text-slate-500">
              {job.queue} · {job.kind}
            </div>
          </div>
        );
      },
    },
    {
      key: 'progress',
      header: 'Progress / uptime',
      cell: (job) => {
        const shown = jobProgress({ ...job, state: job.state as TJobState });
        return shown.kind === 'live' ? (
          <span className="whitespace-nowrap text-xs text-slate-700">{shown.text}</span>
        ) : (
          <ProgressBar percent={shown.percent} state={job.state as TJobState} />
        );
      },
    },
    { key: 'attempts', header: 'Tries', align: 'right', cell: (job) => job.attempts },
    {
      key: 'created',
      header: 'Created',
      sortKey: 'createdAt',
      cell: (job) => (
        <div className="text-xs">
          <When value={job.createdAt} />
        </div>
      ),
    },
    {
      key: 'ran',
      header: 'Started / finished',
      sortKey: 'finishedAt',
      cell: (job) => (
        <div className="flex flex-col text-xs">
          <When value={job.startedAt} />
          <When value={job.finishedAt} />
        </div>
      ),
    },
    { key: 'error', header: 'Last error lines', cell: (job) => <ErrorLines lines={job.errorLines} /> },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      cell: (job) =>
        job.state === 'QUEUED' || job.state === 'ACTIVE' ? (
          <ConfirmButton
            label="Cancel"
            question={job.state === 'ACTIVE' ? 'Stop it and discard its output?' : 'Take it off the queue?'}
            busy={actions.cancelling}
            onConfirm={() => actions.cancel(job.id)}
          />
        ) : job.state === 'FAILED' || job.state === 'CANCELLED' ? (
          <ConfirmButton
            label="Retry"
            question="Run it again from the start?"
            busy={actions.retrying}
            onConfirm={() => actions.retry(job.id)}
          />
        ) : null,
    },
  ];
}
