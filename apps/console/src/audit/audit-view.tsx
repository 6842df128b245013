'use client';

import { parseAmsterdamTime } from '@keten/contracts';
import {
  Badge,
  Button,
  Card,
  DataTable,
  DateTimeField,
  ErrorState,
  LoadingState,
  TextField,
} from '@keten/ui';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../format';

import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TAuditEntry } from '../trpc/types';
import { ChangePanel } from './change-panel';

const PAGE_SIZE = 50;

interface TAuditFilters {
  actor?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

/** Reads the filter form; times are Amsterdam wall-clock, and a malformed one becomes a field error. */
function filtersFrom(form: FormData): { filters: TAuditFilters; errors: Record<string, string> } {
  const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
  const errors: Record<string, string> = {};
  const time = (name: 'from' | 'to') => {
    const value = text(name);
    if (!value) return undefined;
    const parsed = parseAmsterdamTime(value);
    if (parsed.ok) return parsed.instant;
    errors[name] = `Time ${parsed.message}`;
    return undefined;
  };
  const filters = {
    actor: text('actor'),
    entityType: text('entityType'),
    entityId: text('entityId'),
    from: time('from'),
    to: time('to'),
  };
  if (filters.from && filters.to && filters.from >= filters.to) errors.to = 'must be after the start';
  return { filters, errors };
}

export function AuditView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TAuditFilters>({});
  const [filterErrors, setFilterErrors] = useState<Record<string, string>>({});
  const filtered = Object.values(filters).some((value) => value !== undefined);
  const [selectedId, setSelectedId] = useState<string>();
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...filters },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];
  const selected = entries.find((entry) => entry.id === selectedId);

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { filters: next, errors } = filtersFrom(new FormData(event.currentTarget));
    setFilterErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setFilters(next);
    setSelectedId(undefined);
  }

  return (
    <div className="space-y-5">
      <Card>
        <form
          onSubmit={onFilter}
          className="flex flex-wrap items-end gap-3"
          aria-label="Filter the audit log"
        >
          <div className="w-64">
            <TextField label="Operator" name="actor" placeholder="email or part of it" />
          </div>
          <div className="w-44">
            <TextField label="Entity type" name="entityType" placeholder="exact, e.g. Device" />
          </div>
          <div className="w-52">
            <TextField label="Entity id" name="entityId" placeholder="exact id" />
          </div>
          <div className="w-52">
            <DateTimeField label="From (Amsterdam)" name="from" error={filterErrors.from} />
          </div>
          <div className="w-52">
            <DateTimeField label="Until (Amsterdam)" name="to" error={filterErrors.to} />
          </div>
          <Button type="submit" variant="secondary">
            Apply filters
          </Button>
          {filtered ? (
            <Button
              type="reset"
              variant="ghost"
              onClick={() => {
                setFilters({});
                setFilterErrors({});
                setSelectedId(undefined);
              }}
            >
              Clear
            </Button>
          ) : null}
        </form>
      </Card>
      {audit.isPending ? (
        <LoadingState variant="table" rows={8} label="Loading the audit log…" />
      ) : audit.isError ? (
        <ErrorState
          title="The audit log could not be loaded"
          message={describeQueryError(audit.error)}
          onRetry={() => void audit.refetch()}
          retrying={audit.isFetching}
        />
      ) : (
        <div className="grid items-start gap-5 xl:grid-cols-5">
          <div className="xl:col-span-3">
            <Card flush>
              <DataTable<TAuditEntry>
                caption="Audit log"
                rows={entries}
                rowKey={(row) => row.id}
                selectedKey={selectedId}
                empty={
                  <p className="py-6 text-center text-sm text-slate-500">
                    {filtered ? 'No entries match these filters.' : 'No changes recorded yet.'}
                  </p>
                }
                columns={[
                  {
                    key: 'at',
                    header: 'When (Amsterdam)',
                    cell: (row) => formatDateTime(row.at),
                    className: 'whitespace-nowrap',
                  },
                  { key: 'actor', header: 'Operator', cell: (row) => row.actorEmail ?? 'system' },
                  { key: 'action', header: 'Action', cell: (row) => <Badge tone="info">{row.action}</Badge> },
                  {
                    key: 'entity',
                    header: 'Entity',
                    cell: (row) => (
                      <span>
                        {row.entityType}{' '}
                        <span
                          title={row.entityId}
                          className="inline-block max-w-36 truncate align-bottom font-mono text-xs text-slate-500"
                        >
                          {row.entityId}
                        </span>
                      </span>
                    ),
                  },
                  {
                    key: 'compare',
                    header: <span className="sr-only">Compare</span>,
                    align: 'right',
                    cell: (row) => (
                      <Button
                        size="sm"
                        variant={row.id === selectedId ? 'secondary' : 'ghost'}
                        aria-pressed={row.id === selectedId}
                        onClick={() => setSelectedId(row.id)}
                      >
                        Compare
                      </Button>
                    ),
                  },
                ]}
              />
              {audit.hasNextPage ? (
                <div className="border-t border-slate-100 px-4 py-2.5">
                  <Button
                    variant="secondary"
                    size="sm"
                    busy={audit.isFetchingNextPage}
                    onClick={() => void audit.fetchNextPage()}
                  >
                    Load older entries
                  </Button>
                </div>
              ) : null}
            </Card>
          </div>
          <div className="xl:sticky xl:top-5 xl:col-span-2">
            <ChangePanel entry={selected} />
          </div>
        </div>
      )}
    </div>
  );
}
