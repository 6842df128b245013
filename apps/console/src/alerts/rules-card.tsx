'use client';

import {
  Badge,
  Button,
  Card,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
} from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TRouterOutputs } from '../trpc/types';
import { describeCondition, SEVERITY_TONE } from './alert-format';
import { RuleForm } from './rule-form';

type TRule = TRouterOutputs['alerts']['rules']['list'][number];

const MUTE_CHOICES = [
  { label: '15 minutes', ms: 15 * 60_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '24 hours', ms: 24 * 3_600_000 },
] as const;

/** Every rule with its condition and what it is doing now; edit, mute until a time, unmute, delete. */
export function RulesCard() {
  const trpc = useTRPC();
  const rules = useQuery({ ...trpc.alerts.rules.list.queryOptions(), refetchInterval: 30_000 });
  const [editingId, setEditingId] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const editing = rules.data?.find((rule) => rule.id === editingId);
  return (
    <>
      <Card
        title="Rules"
        description="Evaluated every 30 s. A muted rule still records its alerts but pages nobody."
        flush
      >
        {rules.isError ? (
          <div className="p-4">
            <ErrorState
              title="Rules unavailable"
              message={describeQueryError(rules.error)}
              onRetry={() => void rules.refetch()}
            />
          </div>
        ) : rules.isPending ? (
          <div className="p-4">
            <LoadingState label="Loading rules" />
          </div>
        ) : (
          <DataTable
            caption="Alert rules"
            rows={rules.data}
            rowKey={(rule) => rule.id}
            empty={
              <EmptyState
                title="No rules yet"
                description="Add one below: a metric, a threshold and a window."
              />
            }
            columns={[
              {
                key: 'name',
                header: 'Rule',
                cell: (rule) => (
                  <div className="flex flex-col">
                    <span className="font-medium text-slate-900">{rule.name}</span>
                    <span className="text-xs text-slate-600">
                      {rule.source} · {describeCondition(rule)}
                    </span>
                  </div>
                ),
              },
              {
                key: 'severity',
                header: 'Severity',
                cell: (rule) => <Badge tone={SEVERITY_TONE[rule.severity]}>{rule.severity}</Badge>,
              },
              {
                key: 'state',
                header: 'Now',
                cell: (rule) => <RuleNow rule={rule} />,
              },
              {
                key: 'actions',
                header: <span className="sr-only">Actions</span>,
                align: 'right',
                cell: (rule) => (
                  <RuleActions
                    rule={rule}
                    onEdit={() => {
                      setSaved(undefined);
                      setEditingId(rule.id);
                    }}
                  />
                ),
              },
            ]}
          />
        )}
        {saved ? (
          <p role="status" className="m-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Rule “{saved}” saved; the next cycle evaluates it as it is now.
          </p>
        ) : null}
      </Card>
      {editing ? (
        <RuleForm
          key={editing.id}
          rule={editing}
          onDone={(name) => {
            setEditingId(undefined);
            setSaved(name);
          }}
        />
      ) : null}
    </>
  );
}

function RuleNow({ rule }: { rule: TRule }) {
  const muted = rule.mutedUntil && new Date(rule.mutedUntil) > new Date();
  return (
    <div className="flex flex-col items-start gap-1 text-xs">
      {!rule.enabled ? <Badge tone="neutral">disabled</Badge> : null}
      {rule.firing > 0 ? (
        <Badge tone="danger">{rule.firing} firing</Badge>
      ) : (
        <span className="text-slate-600">quiet</span>
      )}
      {muted ? (
        <span className="text-slate-700" data-testid="muted-until">
          Muted until {formatDateTime(rule.mutedUntil as Date)}
        </span>
      ) : null}
    </div>
  );
}

function RuleActions({ rule, onEdit }: { rule: TRule; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<number>(MUTE_CHOICES[1].ms);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const mute = useMutation(trpc.alerts.rules.mute.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.rules.delete.mutationOptions({ onSuccess: refresh }));
  const muted = rule.mutedUntil && new Date(rule.mutedUntil) > new Date();
  const error = mute.error ?? remove.error;
  return (
    <div className="flex flex-col items-end gap-1.5">
      <div className="flex flex-wrap items-center justify-end gap-1.5">
        {muted ? (
          <Button
            size="sm"
            variant="secondary"
            busy={mute.isPending}
            onClick={() => mute.mutate({ id: rule.id, until: null })}
          >
            Unmute
          </Button>
        ) : (
          <>
            <select
              aria-label={`Mute ${rule.name} for`}
              value={choice}
              onChange={(event) => setChoice(Number(event.currentTarget.value))}
              className="h-7 rounded border border-slate-300 bg-white px-1.5 text-xs"
            >
              {MUTE_CHOICES.map((option) => (
                <option key={option.ms} value={option.ms}>
                  {option.label}
                </option>
              ))}
            </select>
            <Button
              size="sm"
              variant="secondary"
              busy={mute.isPending}
              onClick={() => mute.mutate({ id: rule.id, until: new Date(Date.now() + choice) })}
            >
              Mute
            </Button>
          </>
        )}
        <Button size="sm" variant="secondary" aria-label={`Edit ${rule.name}`} onClick={onEdit}>
          Edit
        </Button>
        <ConfirmButton
          label="Delete"
          name={`Delete ${rule.name}`}
          question={`Delete “${rule.name}” and its alert history?`}
          busy={remove.isPending}
          onConfirm={() => remove.mutate({ id: rule.id })}
        />
      </div>
      {error ? (
        <p role="alert" className="text-xs text-rose-700">
          {formErrorsOf(error).form[0] ?? Object.values(formErrorsOf(error).fields)[0]}
        </p>
      ) : null}
    </div>
  );
}
