'use client';

import { ROLE_LABELS } from '@keten/contracts';
import { Badge, Card, DataTable, ErrorState, LoadingState } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TOperatorRow } from '../trpc/types';
import { AccessControl, RoleControl } from './operator-controls';

export function OperatorsTable({ currentOperatorId }: { currentOperatorId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const operators = useQuery(trpc.operators.list.queryOptions());
  const update = useMutation(
    trpc.operators.update.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() }),
    }),
  );
  // What the last change did, in words, so the admin sees it landed.
  const saved = update.isSuccess
    ? update.variables.role
      ? `${update.data.email} is now ${ROLE_LABELS[update.data.role]}.`
      : update.data.disabled
        ? `${update.data.email} is disabled and signed out.`
        : `${update.data.email} can sign in again.`
    : undefined;

  if (operators.isPending) return <LoadingState variant="table" rows={5} label="Loading operators…" />;
  if (operators.isError) {
    return (
      <ErrorState
        title="Operators could not be loaded"
        message={describeQueryError(operators.error)}
        onRetry={() => void operators.refetch()}
        retrying={operators.isFetching}
      />
    );
  }

  const busyId = update.isPending ? update.variables.id : undefined;
  return (
    <Card title="Operators" description={`${operators.data.length} accounts`} flush>
      {update.error ? (
        <p role="alert" className="border-b border-rose-100 bg-rose-50 px-4 py-2 text-sm text-rose-800">
          {formErrorsOf(update.error).form.join(' ') || 'The change was not saved.'}
        </p>
      ) : null}
      {saved ? (
        <p
          role="status"
          className="border-b border-emerald-100 bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
        >
          {saved}
        </p>
      ) : null}
      <DataTable<TOperatorRow>
        caption="Operators"
        rows={operators.data}
        rowKey={(row) => row.id}
        columns={[
          {
            key: 'name',
            header: 'Operator',
            cell: (row) => (
              <div>
                <div className="flex items-center gap-1.5 whitespace-nowrap">
                  <span className="font-medium">{row.name}</span>
                  {row.id === currentOperatorId ? <Badge tone="info">you</Badge> : null}
                </div>
                <div className="text-xs text-slate-500">{row.email}</div>
              </div>
            ),
          },
          {
            key: 'role',
            header: 'Role',
            cell: (row) =>
              row.id === currentOperatorId ? (
                ROLE_LABELS[row.role]
              ) : (
                // Keyed by the saved role: a saved (or elsewhere changed) role starts the choice afresh.
                <RoleControl
                  key={`${row.id}:${row.role}`}
                  operator={row}
                  busy={busyId === row.id}
                  onSave={(role) => update.mutate({ id: row.id, role })}
                />
              ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (row) =>
              row.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>,
          },
          {
            // One column for both dates: room for a confirmation question in the role and actions columns.
            key: 'signIn',
            header: 'Last sign-in',
            cell: (row) => (
              <div className="text-xs whitespace-nowrap">
                <div>{row.lastLoginAt ? formatDateTime(row.lastLoginAt) : 'never'}</div>
                <div className="text-slate-500">created {formatDateTime(row.createdAt)}</div>
              </div>
            ),
          },
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right',
            cell: (row) =>
              row.id === currentOperatorId ? null : (
                <AccessControl
                  operator={row}
                  busy={busyId === row.id}
                  onChange={(disabled) => update.mutate({ id: row.id, disabled })}
                />
              ),
          },
        ]}
      />
    </Card>
  );
}
