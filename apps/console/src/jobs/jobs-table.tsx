'use client';

import { JOB_STATES } from '@keten/contracts';
import { Card, DataTable, EmptyState, ErrorState, LoadingState, Pagination } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pickAllowed, useListState } from '../shell/use-list-state';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { jobColumns } from './job-columns';
import { IDLE_POLL_MS, JOB_STATE_LABELS, LIVE_POLL_MS } from './job-state';

const SORTS = ['createdAt', 'finishedAt'] as const;

/** Every job, newest first; polls fast while any job on the page waits or runs. */
export function JobsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { state, setPage, setFilter, toggleSort } = useListState({
    pageSize: 25,
    sort: 'createdAt',
    dir: 'desc',
  });
  const jobState = pickAllowed(state.filters.state, JOB_STATES);
  const input = {
    page: state.page,
    pageSize: state.pageSize,
    sort: pickAllowed(state.sort, SORTS),
    dir: state.dir,
    state: jobState,
  };
  const jobs = useQuery({
    ...trpc.jobs.list.queryOptions(input),
    refetchInterval: (query) =>
      query.state.data?.items.some((job) => job.state === 'ACTIVE' || job.state === 'QUEUED')
        ? LIVE_POLL_MS
        : IDLE_POLL_MS,
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.jobs.queues.queryKey() }),
    ]);
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({ onSettled: refresh }));
  const retry = useMutation(trpc.jobs.retry.mutationOptions({ onSettled: refresh }));
  const actionError = cancel.error ?? retry.error;

  const columns = jobColumns({
    cancel: (id) => cancel.mutate({ id }),
    retry: (id) => retry.mutate({ id }),
    cancelling: cancel.isPending,
    retrying: retry.isPending,
  });

  return (
    <Card
      title="Jobs"
      description="Times are Amsterdam time. Running jobs update every 1.5 s."
      actions={
        <label className="flex items-center gap-2 text-xs text-slate-600">
          State
          <select
            aria-label="Filter by state"
            className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
            value={jobState ?? ''}
            onChange={(event) => setFilter('state', event.target.value || undefined)}
          >
            <option value="">All</option>
            {JOB_STATES.map((s) => (
              <option key={s} value={s}>
                {JOB_STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      }
      flush
    >
      {actionError ? (
        <p role="alert" className="mx-4 mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {formErrorsOf(actionError).fields.id ?? formErrorsOf(actionError).form[0]}
        </p>
      ) : null}
      {jobs.isPending ? (
        <LoadingState variant="table" rows={6} label="Loading jobs…" />
      ) : jobs.isError ? (
        <ErrorState
          title="Jobs unavailable"
          message={describeQueryError(jobs.error)}
          onRetry={() => void jobs.refetch()}
        />
      ) : (
        <>
          <DataTable
            caption="Jobs"
            columns={columns}
            rows={jobs.data.items}
            rowKey={(job) => job.id}
            sorting={{ sort: input.sort, dir: state.dir, onSort: toggleSort }}
            empty={
              <EmptyState
                title={jobState ? `No ${JOB_STATE_LABELS[jobState].toLowerCase()} jobs` : 'No jobs yet'}
                description="Start a transcode with the form; it appears here as soon as it is queued."
              />
            }
          />
          <Pagination
            page={jobs.data.page}
            pageSize={jobs.data.pageSize}
            total={jobs.data.total}
            onPage={setPage}
            noun="jobs"
          />
        </>
      )}
    </Card>
  );
}
