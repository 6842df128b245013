'use client';

import { AUDIT_ENTITY_TYPES, parseAmsterdamTime } from '@keten/contracts';
import {
  Button,
  Card,
  DataTable,
  DateTimeField,
  ErrorState,
  LoadingState,
  SelectField,
  TextField,
} from '@keten/ui';

import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';

import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TAuditEntry } from '../trpc/types';
import { auditColumns } from './audit-columns';
import { ChangePanel } from './change-panel';

const PAGE_SIZE = 50;

const ENTITY_TYPE_OPTIONS = Object.entries(AUDIT_ENTITY_TYPES)
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label));

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
  // Boxes write an entry per activation, thousands a day: by default the log shows what people did.
  const [includeBoxes, setIncludeBoxes] = useState(false);
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...filters, includeBoxes },
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
            <TextField label="Operator" name="actor" placeholder="name, email or part of it" />
          </div>
          <div className="w-44">
            <SelectField
              label="Entity type"
              name="entityType"
              options={ENTITY_TYPE_OPTIONS}
              placeholder="All types"
              defaultValue=""
            />
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
          <div className="flex basis-full flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700">
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={includeBoxes}
                aria-describedby="audit-box-activity"
                onChange={(event) => {
                  setIncludeBoxes(event.currentTarget.checked);
                  setSelectedId(undefined);
                }}
              />
              Include box activity
            </label>
            <span id="audit-box-activity" className="text-xs text-slate-500">
              {includeBoxes
                ? 'Showing everything, activations by set-top boxes included.'
                : 'By default the log shows what operators and the system did; entries written by set-top boxes (activations) are hidden.'}
            </span>
          </div>
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
        // minmax(0, …): neither side may widen the other; the table keeps its When column in view beside a diff.
        <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="min-w-0">
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
                columns={auditColumns(selectedId, setSelectedId)}
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
          <div className="min-w-0 xl:sticky xl:top-5">
            <ChangePanel entry={selected} />
          </div>
        </div>
      )}
    </div>
  );
}
