'use client';

import { Button, Card, DataTable, FormFeedback, SelectField, TextField } from '@keten/ui';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TSteeringEdge, TSteeringView } from '../trpc/types';
import { displayValue, RULE_FIELDS, ruleFromForm, type TRuleField, valueInWords } from './steering-rule';

type TProps = { view: TSteeringView; canConfigure: boolean; onDone: () => void };

/** Per edge, the rule that avoids and returns it: administrators edit its overrides, the NOC reads it. */
export function SteeringRuleCard({ view, canConfigure, onDone }: TProps) {
  const [selected, setSelected] = useState(view.edges[0]?.id ?? '');
  const edge = view.edges.find((candidate) => candidate.id === selected) ?? view.edges[0];
  if (!edge) return null;
  const picker = (
    <SelectField
      label="Edge"
      name="edge"
      value={edge.id}
      onChange={(event) => setSelected(event.target.value)}
      options={view.edges.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
      className="max-w-xs"
    />
  );
  return (
    <Card
      title="Steering rule"
      description={`When an edge is avoided and when it is returned, judged every ${view.cycleSeconds} s.`}
    >
      {canConfigure ? (
        <RuleForm key={edge.id} edge={edge} view={view} picker={picker} onDone={onDone} />
      ) : (
        <section aria-label="Steering rule" className="flex flex-col gap-3">
          {picker}
          <RuleTable edge={edge} />
        </section>
      )}
    </Card>
  );
}

function RuleTable({ edge }: { edge: TSteeringEdge }) {
  const overridden = new Set(Object.keys(edge.overrides));
  return (
    <DataTable<TRuleField>
      caption={`Steering rule of ${edge.name}`}
      rows={RULE_FIELDS}
      rowKey={(field) => field.name}
      empty={null}
      columns={[
        { key: 'figure', header: 'Figure', cell: (field) => field.label },
        {
          key: 'value',
          header: 'Value',
          align: 'right',
          cell: (field) => (
            <span className="whitespace-nowrap tabular-nums">
              {valueInWords(field, edge.rule[field.name])}
            </span>
          ),
        },
        {
          key: 'source',
          header: 'Set by',
          cell: (field) => (overridden.has(field.name) ? 'this edge' : 'default'),
        },
      ]}
    />
  );
}

function RuleForm({
  edge,
  view,
  picker,
  onDone,
}: {
  edge: TSteeringEdge;
  view: TSteeringView;
  picker: ReactNode;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState<string>();
  const update = useMutation(trpc.steering.update.mutationOptions({ onSettled: onDone }));
  const errors = update.error ? formErrorsOf(update.error) : { fields: {}, form: [] };
  // The rule's own fields show their message at the field; anything else (the edge vanished) above the form.
  const elsewhere = [
    ...errors.form,
    ...Object.entries(errors.fields)
      .filter(([name]) => name !== 'rule' && !name.startsWith('rule.'))
      .map(([, message]) => message),
  ];
  function save(rule: ReturnType<typeof ruleFromForm>, done: string) {
    setSaved(undefined);
    update.mutate(
      { id: edge.id, baseUrl: edge.baseUrl, weight: edge.weight, rule },
      { onSuccess: () => setSaved(done) },
    );
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save(
      ruleFromForm(new FormData(event.currentTarget)),
      'Rule saved: the next check judges the edge by it.',
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Steering rule">
      {picker}
      <FormFeedback errors={elsewhere} saved={saved} />
      <p className="text-xs text-slate-600">Empty fields keep the default shown in them.</p>
      {/* Re-drawn when the saved overrides change, so a reset empties the fields. */}
      <div key={JSON.stringify(edge.overrides)} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {RULE_FIELDS.map((field) => {
          const override = edge.overrides[field.name];
          return (
            <TextField
              key={field.name}
              label={`${field.label} (${field.unit})`}
              name={field.name}
              inputMode={field.share || field.unit === '%' ? 'decimal' : 'numeric'}
              autoComplete="off"
              defaultValue={override === undefined ? '' : displayValue(field, override)}
              placeholder={displayValue(field, view.defaults[field.name])}
              hint={`${field.hint}. Default ${valueInWords(field, view.defaults[field.name])}.`}
              error={errors.fields[`rule.${field.name}`]}
            />
          );
        })}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={update.isPending}>
          Save rule
        </Button>
        <Button
          type="button"
          variant="secondary"
          disabled={Object.keys(edge.overrides).length === 0 || update.isPending}
          onClick={() => save({}, `Reset: ${edge.name} is judged by the defaults.`)}
        >
          Reset to defaults
        </Button>
      </div>
    </form>
  );
}
