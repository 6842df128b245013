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

const numberOr = (text: FormDataEntryValue | null, fallback: number) => {
  const trimmed = String(text ?? '').trim();
  return trimmed === '' ? fallback : Number(trimmed);
};

/** A new rule: the API's schema checks it and its messages appear next to the fields. */
export function RuleForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<TAlertSource>('QOE');
  const [created, setCreated] = useState<string>();
  const create = useMutation(
    trpc.alerts.rules.create.mutationOptions({
      onSuccess: async (rule) => {
        setCreated(rule.name);
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.list.queryKey() });
      },
    }),
  );
  const errors = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };

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
    create.mutate({
      name: String(form.get('name') ?? ''),
      source,
      metric: String(form.get('metric') ?? ''),
      comparator: ALERT_COMPARATORS.find((c) => c === form.get('comparator')) ?? 'GT',
      threshold: numberOr(form.get('threshold'), Number.NaN),
      clearThreshold: clear === '' ? null : Number(clear),
      windowSeconds: numberOr(form.get('windowMinutes'), Number.NaN) * 60,
      forSeconds: numberOr(form.get('forMinutes'), 0) * 60,
      minSamples: numberOr(form.get('minSamples'), 0),
      filters: filterDimension && filterValues.length > 0 ? { [filterDimension]: filterValues } : {},
      groupBy: groupBy === '' ? null : groupBy,
      severity: ALERT_SEVERITIES.find((s) => s === form.get('severity')) ?? 'WARNING',
    });
  }

  const dimensions = ALERT_DIMENSIONS[source].map((d) => ({ value: d, label: d }));
  return (
    <Card
      title="New rule"
      description="Fires when the metric crosses the threshold for the “for” time; resolves once past the clear level for as long."
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-3 md:grid-cols-2" aria-label="New rule">
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
        <TextField label="Name" name="name" autoComplete="off" error={errors.fields.name} />
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
          options={ALERT_METRICS[source].map((m) => ({ value: m, label: m }))}
          error={errors.fields.metric}
        />
        <SelectField
          label="Comparison"
          name="comparator"
          options={ALERT_COMPARATORS.map((c) => ({ value: c, label: ALERT_COMPARATOR_SIGNS[c] }))}
          error={errors.fields.comparator}
        />
        <TextField label="Threshold" name="threshold" inputMode="decimal" error={errors.fields.threshold} />
        <TextField
          label="Clear level (optional)"
          name="clearThreshold"
          inputMode="decimal"
          hint="Hysteresis: a firing alert resolves only past this level."
          error={errors.fields.clearThreshold}
        />
        <TextField
          label="Window (minutes)"
          name="windowMinutes"
          inputMode="numeric"
          defaultValue="5"
          error={errors.fields.windowSeconds}
        />
        <TextField
          label="For (minutes)"
          name="forMinutes"
          inputMode="numeric"
          defaultValue="2"
          error={errors.fields.forSeconds}
        />
        <TextField
          label="Minimum samples"
          name="minSamples"
          inputMode="numeric"
          defaultValue="0"
          error={errors.fields.minSamples}
        />
        <SelectField
          label="Severity"
          name="severity"
          defaultValue="WARNING"
          options={ALERT_SEVERITIES.map((s) => ({ value: s, label: s }))}
          error={errors.fields.severity}
        />
        <SelectField
          key={`group-${source}`}
          label="One alert per"
          name="groupBy"
          options={[{ value: '', label: 'the whole rule' }, ...dimensions]}
          error={errors.fields.groupBy}
        />
        <div className="grid grid-cols-2 gap-2">
          <SelectField
            key={`filter-${source}`}
            label="Filter on"
            name="filterDimension"
            options={[{ value: '', label: 'nothing' }, ...dimensions]}
            error={errors.fields.filters}
          />
          <TextField label="Filter values" name="filterValues" hint="Comma-separated." autoComplete="off" />
        </div>
        <Button type="submit" busy={create.isPending} className="self-start">
          Add rule
        </Button>
      </form>
    </Card>
  );
}
