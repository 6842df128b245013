'use client';

import {
  ALERT_COMPARATOR_SIGNS,
  ALERT_COMPARATORS,
  ALERT_DIMENSIONS,
  ALERT_METRICS,
  ALERT_SEVERITIES,
  ALERT_SOURCES,
  type TAlertSource,
} from '@keten/contracts';
import { Button, Card, SelectField, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TRouterOutputs } from '../trpc/types';

type TRule = TRouterOutputs['alerts']['rules']['list'][number];

const numberOr = (text: FormDataEntryValue | null, fallback: number) => {
  const trimmed = String(text ?? '').trim();
  return trimmed === '' ? fallback : Number(trimmed);
};

const minutes = (seconds: number) => String(seconds / 60);

/**
 * A new rule, or an existing one to edit (`rule`): the same fields either way. The API's schema checks it and its
 * messages appear next to the fields. The form edits one filter dimension; a rule's other filters are kept.
 */
export function RuleForm({ rule, onDone }: { rule?: TRule; onDone?: (saved?: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<TAlertSource>(rule?.source ?? 'QOE');
  const [created, setCreated] = useState<string>();
  const saved = async (name: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
    if (rule) onDone?.(name);
    else setCreated(name);
  };
  const create = useMutation(
    trpc.alerts.rules.create.mutationOptions({ onSuccess: (created) => saved(created.name) }),
  );
  const update = useMutation(
    trpc.alerts.rules.update.mutationOptions({ onSuccess: (updated) => saved(updated.name) }),
  );
  const save = rule ? update : create;
  const errors = save.error ? formErrorsOf(save.error) : { fields: {}, form: [] };
  const filters = Object.entries((rule?.filters ?? {}) as Record<string, string[]>);
  const [firstFilter, ...otherFilters] = filters.filter(([dimension]) =>
    (ALERT_DIMENSIONS[source] as readonly string[]).includes(dimension),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const filterDimension = String(form.get('filterDimension') ?? '');
    const filterValues = String(form.get('filterValues') ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    const clear = String(form.get('clearThreshold') ?? '').trim();
    const groupBy = String(form.get('groupBy') ?? '');
    setCreated(undefined);
    const input = {
      name: String(form.get('name') ?? ''),
      source,
      metric: String(form.get('metric') ?? ''),
      comparator: ALERT_COMPARATORS.find((c) => c === form.get('comparator')) ?? 'GT',
      threshold: numberOr(form.get('threshold'), Number.NaN),
      clearThreshold: clear === '' ? null : Number(clear),
      windowSeconds: numberOr(form.get('windowMinutes'), Number.NaN) * 60,
      forSeconds: numberOr(form.get('forMinutes'), 0) * 60,
      minSamples: numberOr(form.get('minSamples'), 0),
      filters: {
        ...Object.fromEntries(otherFilters.filter(([dimension]) => dimension !== filterDimension)),
        ...(filterDimension && filterValues.length > 0 ? { [filterDimension]: filterValues } : {}),
      },
      groupBy: groupBy === '' ? null : groupBy,
      severity: ALERT_SEVERITIES.find((s) => s === form.get('severity')) ?? 'WARNING',
    };
    if (rule) update.mutate({ ...input, id: rule.id, enabled: form.get('enabled') === 'on' });
    else create.mutate(input);
  }

  const dimensions = ALERT_DIMENSIONS[source].map((d) => ({ value: d, label: d }));
  return (
    <Card
      title={rule ? `Edit “${rule.name}”` : 'New rule'}
      description="Fires when the metric crosses the threshold for the “for” time; resolves once past the clear level for as long."
    >
      <form
        onSubmit={onSubmit}
        noValidate
        className="grid gap-3 md:grid-cols-2"
        aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'}
      >
        {errors.form.map((message) => (
          <p
            key={message}
            role="alert"
            className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 md:col-span-2"
          >
            {message}
          </p>
        ))}
        {created ? (
          <p
            role="status"
            className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 md:col-span-2"
          >
            Rule “{created}” is evaluated from the next cycle.
          </p>
        ) : null}
        <TextField
          label="Name"
          name="name"
          autoComplete="off"
          defaultValue={rule?.name}
          error={errors.fields.name}
        />
        <SelectField
          label="Source"
          name="source"
          value={source}
          onChange={(event) => setSource(ALERT_SOURCES.find((s) => s === event.currentTarget.value) ?? 'QOE')}
          options={ALERT_SOURCES.map((s) => ({ value: s, label: s }))}
          error={errors.fields.source}
        />
        <SelectField
          key={`metric-${source}`}
          label="Metric"
          name="metric"
          defaultValue={rule?.source === source ? rule.metric : undefined}
          options={ALERT_METRICS[source].map((m) => ({ value: m, label: m }))}
          error={errors.fields.metric}
        />
        <SelectField
          label="Comparison"
          name="comparator"
          defaultValue={rule?.comparator}
          options={ALERT_COMPARATORS.map((c) => ({ value: c, label: ALERT_COMPARATOR_SIGNS[c] }))}
          error={errors.fields.comparator}
        />
        <TextField
          label="Threshold"
          name="threshold"
          inputMode="decimal"
          defaultValue={rule ? String(rule.threshold) : undefined}
          error={errors.fields.threshold}
        />
        <TextField
          label="Clear level (optional)"
          name="clearThreshold"
          inputMode="decimal"
          hint="Hysteresis: a firing alert resolves only past this level."
          defaultValue={rule?.clearThreshold == null ? undefined : String(rule.clearThreshold)}
          error={errors.fields.clearThreshold}
        />
        <TextField
          label="Window (minutes)"
          name="windowMinutes"
          inputMode="numeric"
          defaultValue={rule ? minutes(rule.windowSeconds) : '5'}
          error={errors.fields.windowSeconds}
        />
        <TextField
          label="For (minutes)"
          name="forMinutes"
          inputMode="numeric"
          defaultValue={rule ? minutes(rule.forSeconds) : '2'}
          error={errors.fields.forSeconds}
        />
        <TextField
          label="Minimum samples"
          name="minSamples"
          inputMode="numeric"
          defaultValue={rule ? String(rule.minSamples) : '0'}
          error={errors.fields.minSamples}
        />
        <SelectField
          label="Severity"
          name="severity"
          defaultValue={rule?.severity ?? 'WARNING'}
          options={ALERT_SEVERITIES.map((s) => ({ value: s, label: s }))}
          error={errors.fields.severity}
        />
        <SelectField
          key={`group-${source}`}
          label="One alert per"
          name="groupBy"
          defaultValue={rule?.source === source ? (rule.groupBy ?? '') : ''}
          options={[{ value: '', label: 'the whole rule' }, ...dimensions]}
          error={errors.fields.groupBy}
        />
        <div className="grid grid-cols-2 gap-2">
          <SelectField
            key={`filter-${source}`}
            label="Filter on"
            name="filterDimension"
            defaultValue={firstFilter?.[0] ?? ''}
            options={[{ value: '', label: 'nothing' }, ...dimensions]}
            error={errors.fields.filters}
          />
          <TextField
            key={`values-${source}`}
            label="Filter values"
            name="filterValues"
            hint="Comma-separated."
            autoComplete="off"
            defaultValue={firstFilter?.[1].join(', ')}
          />
        </div>
        {rule ? (
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="enabled" defaultChecked={rule.enabled} /> Enabled (a disabled rule is
            not evaluated)
          </label>
        ) : null}
        <div className="flex gap-2 self-start md:col-span-2">
          <Button type="submit" busy={save.isPending}>
            {rule ? 'Save rule' : 'Add rule'}
          </Button>
          {rule ? (
            <Button type="button" variant="secondary" onClick={() => onDone?.()}>
              Cancel
            </Button>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
