'use client';

import { type TCohortRule, ZCohortRuleSchema, zKey } from '@keten/flags';
import {
  Button,
  Card,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  TextField,
} from '@keten/ui';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatCount } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TCohortRow } from './types';

const LIST_FIELDS = [
  { name: 'boxModels', label: 'Box models', hint: 'Codes, comma-separated, e.g. kaon-kstb6077' },
  { name: 'firmware', label: 'Firmware versions', hint: 'e.g. 2.0.0, 2.0.1' },
  { name: 'appVersions', label: 'App versions', hint: 'e.g. 5.4.0' },
  { name: 'regions', label: 'Regions', hint: 'Provinces, e.g. Utrecht, Limburg' },
  { name: 'packages', label: 'Packages', hint: 'Package codes, e.g. SPORT' },
  { name: 'deviceIds', label: 'Devices by id', hint: 'Always in the cohort' },
] as const;

type TListName = (typeof LIST_FIELDS)[number]['name'];
type TForm = { key: string; name: string; description: string; percent: string } & Record<TListName, string>;

const splitList = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

function formOf(cohort: TCohortRow | null): TForm {
  const rule = cohort?.rule;
  return {
    key: cohort?.key ?? '',
    name: cohort?.name ?? '',
    description: cohort?.description ?? '',
    percent: rule?.percent === null || rule?.percent === undefined ? '' : String(rule.percent),
    boxModels: rule?.boxModels.join(', ') ?? '',
    firmware: rule?.firmware.join(', ') ?? '',
    appVersions: rule?.appVersions.join(', ') ?? '',
    regions: rule?.regions.join(', ') ?? '',
    packages: rule?.packages.join(', ') ?? '',
    deviceIds: rule?.deviceIds.join(', ') ?? '',
  };
}

function ruleOf(form: TForm): { rule: TCohortRule | null; errors: Record<string, string> } {
  const percent = form.percent.trim() === '' ? null : Number(form.percent);
  const parsed = ZCohortRuleSchema.safeParse({
    boxModels: splitList(form.boxModels),
    firmware: splitList(form.firmware),
    appVersions: splitList(form.appVersions),
    regions: splitList(form.regions),
    packages: splitList(form.packages),
    deviceIds: splitList(form.deviceIds),
    percent: percent !== null && Number.isNaN(percent) ? 'x' : percent,
  });
  const errors: Record<string, string> = {};
  for (const issue of parsed.error?.issues ?? []) {
    const field = String(issue.path[0]);
    errors[field] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return { rule: parsed.success ? parsed.data : null, errors };
}

/** Debounced: the count follows typing without a request per key press. */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function LiveCount({ cohortKey, rule }: { cohortKey: string; rule: TCohortRule | null }) {
  const trpc = useTRPC();
  const input = useSettled({ key: cohortKey || 'draft', rule });
  const count = useQuery({
    ...trpc.cohorts.count.queryOptions({ key: input.key, rule: input.rule ?? ZCohortRuleSchema.parse({}) }),
    enabled: input.rule !== null && zKey().safeParse(input.key).success,
    placeholderData: keepPreviousData,
  });
  return (
    <div aria-live="polite" className="rounded-md bg-slate-50 px-3 py-2 text-sm" data-testid="cohort-count">
      {!rule ? (
        <span className="text-slate-600">Fix the rule to count its boxes.</span>
      ) : count.isError ? (
        <span className="text-rose-700">{describeQueryError(count.error)}</span>
      ) : count.data ? (
        <span>
          <strong>{formatCount(count.data.matching)}</strong> of {formatCount(count.data.total)} active boxes
          match
          {count.data.sample.length > 0 ? (
            <span className="text-slate-500"> (e.g. {count.data.sample.slice(0, 3).join(', ')})</span>
          ) : null}
        </span>
      ) : (
        <span className="text-slate-600">Counting…</span>
      )}
    </div>
  );
}

function CohortEditor({
  cohort,
  canEdit,
  onDone,
}: {
  cohort: TCohortRow | null;
  canEdit: boolean;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<TForm>(() => formOf(cohort));
  const [submitted, setSubmitted] = useState(false);
  const [keyError, setKeyError] = useState<string>();
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.cohorts.pathKey() });
    onDone();
  };
  const create = useMutation(trpc.cohorts.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.cohorts.update.mutationOptions({ onSuccess }));
  const remove = useMutation(trpc.cohorts.delete.mutationOptions({ onSuccess }));
  const mutation = cohort ? update : create;
  const server = mutation.error ? formErrorsOf(mutation.error) : { fields: {}, form: [] };
  const serverFields = Object.fromEntries(
    Object.entries(server.fields).map(([path, message]) => [path.replace(/^rule\./, ''), message]),
  );
  const { rule, errors: ruleErrors } = ruleOf(form);
  const errors: Record<string, string | undefined> = {
    ...serverFields,
    ...(submitted ? ruleErrors : {}),
    key: keyError ?? serverFields.key,
  };
  const set = (name: keyof TForm) => (event: { target: { value: string } }) =>
    setForm({ ...form, [name]: event.target.value });

  function save() {
    setSubmitted(true);
    const key = zKey('cohort key').safeParse(form.key.trim());
    const message = key.error?.issues[0]?.message;
    setKeyError(!cohort && message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined);
    if (!rule || (!cohort && !key.success)) return;
    const base = { name: form.name.trim(), description: form.description.trim() || undefined, rule };
    if (cohort) update.mutate({ id: cohort.id, ...base });
    else create.mutate({ key: form.key.trim(), ...base });
  }

  return (
    <Card
      title={cohort ? `Edit ${cohort.name}` : 'New cohort'}
      description="Every criterion given must hold; within one, any listed value will do."
    >
      <form
        aria-label={cohort ? `Edit cohort ${cohort.name}` : 'New cohort'}
        noValidate
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        {server.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Key"
            value={form.key}
            disabled={!canEdit || cohort !== null}
            error={errors.key}
            hint={
              cohort ? 'Fixed: it seeds the share’s buckets' : 'Seeds the share’s buckets, e.g. beta-utrecht'
            }
            onChange={set('key')}
            autoComplete="off"
          />
          <TextField
            label="Name"
            value={form.name}
            disabled={!canEdit}
            error={errors.name}
            onChange={set('name')}
          />
        </div>
        <TextField
          label="Description"
          value={form.description}
          disabled={!canEdit}
          error={errors.description}
          onChange={set('description')}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          {LIST_FIELDS.map((field) => (
            <TextField
              key={field.name}
              label={field.label}
              hint={field.hint}
              value={form[field.name]}
              disabled={!canEdit}
              error={errors[field.name]}
              onChange={set(field.name)}
            />
          ))}
          <TextField
            label="Share of matching boxes (%)"
            hint="Sticky per box; empty: all of them"
            inputMode="decimal"
            value={form.percent}
            disabled={!canEdit}
            error={errors.percent}
            onChange={set('percent')}
          />
        </div>
        <LiveCount cohortKey={cohort?.key ?? form.key.trim()} rule={rule} />
        {canEdit ? (
          <div className="flex gap-2">
            <Button type="submit" busy={mutation.isPending}>
              {cohort ? 'Save cohort' : 'Create cohort'}
            </Button>
            {cohort ? (
              <Button variant="ghost" onClick={onDone}>
                New cohort instead
              </Button>
            ) : null}
            {cohort ? (
              <ConfirmButton
                label="Delete"
                tone="danger"
                name={`Delete cohort ${cohort.name}`}
                question={`Delete cohort ${cohort.name}? Refused while a flag, rail, rollout or the configuration uses it.`}
                busy={remove.isPending}
                onConfirm={() => remove.mutate({ id: cohort.id })}
              />
            ) : null}
          </div>
        ) : null}
        {remove.error ? (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {remove.error.message}
          </p>
        ) : null}
      </form>
    </Card>
  );
}

/** Cohorts: the list, and an editor that counts matching boxes while the rule is typed. */
export function CohortsView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const cohorts = useQuery(trpc.cohorts.list.queryOptions());
  const [selected, setSelected] = useState<string | null>(null);
  if (cohorts.isPending) return <LoadingState variant="table" rows={3} label="Loading cohorts…" />;
  if (cohorts.isError) {
    return (
      <ErrorState
        title="Cohorts could not be loaded"
        message={describeQueryError(cohorts.error)}
        onRetry={() => void cohorts.refetch()}
        retrying={cohorts.isFetching}
      />
    );
  }
  const cohort = cohorts.data.find((row) => row.id === selected) ?? null;
  return (
    <div className="grid items-start gap-5 xl:grid-cols-2">
      <Card title="Cohorts" description={`${cohorts.data.length} cohorts`} flush>
        <DataTable<TCohortRow>
          caption="Cohorts"
          rows={cohorts.data}
          rowKey={(row) => row.id}
          empty={<EmptyState title="No cohorts yet" description="Describe a set of boxes to target." />}
          columns={[
            {
              key: 'name',
              header: 'Cohort',
              cell: (row) => (
                <div>
                  <button
                    type="button"
                    className="font-medium text-sky-800 hover:underline"
                    onClick={() => setSelected(row.id)}
                  >
                    {row.name}
                  </button>
                  <div className="font-mono text-xs text-slate-500">{row.key}</div>
                </div>
              ),
            },
            {
              key: 'rule',
              header: 'Rule',
              cell: (row) => <span className="text-xs text-slate-600">{describeRule(row.rule)}</span>,
            },
          ]}
        />
      </Card>
      <CohortEditor
        key={cohort?.id ?? 'new'}
        cohort={cohort}
        canEdit={canEdit}
        onDone={() => setSelected(null)}
      />
    </div>
  );
}

export function describeRule(rule: TCohortRule): string {
  const parts = [
    rule.boxModels.length > 0 ? `model ${rule.boxModels.join(' or ')}` : null,
    rule.firmware.length > 0 ? `firmware ${rule.firmware.join(' or ')}` : null,
    rule.appVersions.length > 0 ? `app ${rule.appVersions.join(' or ')}` : null,
    rule.regions.length > 0 ? `in ${rule.regions.join(' or ')}` : null,
    rule.packages.length > 0 ? `holding ${rule.packages.join(' or ')}` : null,
    rule.percent !== null ? `${rule.percent} % of them` : null,
  ].filter(Boolean);
  const listed = rule.deviceIds.length > 0 ? `${rule.deviceIds.length} listed boxes` : null;
  if (parts.length === 0) return listed ?? 'Every box';
  return [parts.join(', '), listed].filter(Boolean).join('; plus ');
}
