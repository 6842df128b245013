'use client';

import { ROLE_LABELS, ZRoleSchema } from '@keten/contracts';
import { Badge, Button, Card, DataTable, ErrorState, LoadingState } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TOperatorRow } from '../trpc/types';
import { ROLE_OPTIONS } from './role-options';

export function OperatorsTable({ currentOperatorId }: { currentOperatorId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const operators = useQuery(trpc.operators.list.queryOptions());
  const update = useMutation(
    trpc.operators.update.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() }),
    }),
  );

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
                <select
                  aria-label={`Role of ${row.email}`}
                  value={row.role}
                  disabled={busyId === row.id}
                  onChange={(event) =>
                    update.mutate({ id: row.id, role: ZRoleSchema.parse(event.currentTarget.value) })
                  }
                  className="h-7 rounded border border-slate-300 bg-white px-1.5 text-xs"
                >
                  {ROLE_OPTIONS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (row) =>
              row.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>,
          },
          {
            key: 'lastLogin',
            header: 'Last sign-in',
            cell: (row) => formatDateTime(row.lastLoginAt),
            className: 'whitespace-nowrap text-xs',
          },
          {
            key: 'created',
            header: 'Created',
            cell: (row) => formatDateTime(row.createdAt),
            className: 'whitespace-nowrap text-xs',
          },
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right',
            cell: (row) =>
              row.id === currentOperatorId ? null : (
                <Button
                  size="sm"
                  variant={row.disabled ? 'secondary' : 'ghost'}
                  busy={busyId === row.id}
                  onClick={() => update.mutate({ id: row.id, disabled: !row.disabled })}
                >
                  {row.disabled ? 'Enable' : 'Disable'}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
