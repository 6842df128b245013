'use client';

import { parseAmsterdamTime } from '@keten/contracts';
import {
  Badge,
  Button,
  Card,
  ConfirmButton,
  DateTimeField,
  ErrorState,
  LoadingState,
  SelectField,
  TextField,
} from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeQueryError, errorCodeOf, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { draftOf, readDraft, type TDraft } from './draft';
import { FlagHistory } from './flag-history';
import { FlagPreview } from './flag-preview';
import { NotFoundCard } from './not-found-card';
import { RuleBuilder } from './rule-builder';
import type { TCohortRow, TFlagDetail } from './types';

const BOOLEAN_OPTIONS = [
  { value: 'true', label: 'true' },
  { value: 'false', label: 'false' },
];

/** One flag: variants, rules, default, kill switch, schedule, preview and history. */
export function FlagEditor({ id, canEdit }: { id: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const flag = useQuery(trpc.flags.get.queryOptions({ id }));
  const cohorts = useQuery(trpc.cohorts.list.queryOptions());
  if (flag.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCodeOf(flag.error) ?? ''))
    return <NotFoundCard what="flag" back={{ href: '/flags', label: 'All flags' }} />;
  if (flag.isPending || cohorts.isPending) return <LoadingState label="Loading the flag…" />;
  if (flag.isError || cohorts.isError) {
    const error = flag.error ?? cohorts.error;
    return (
      <ErrorState
        title="The flag could not be loaded"
        message={describeQueryError(error)}
        onRetry={() => void Promise.all([flag.refetch(), cohorts.refetch()])}
        retrying={flag.isFetching || cohorts.isFetching}
      />
    );
  }
  // Keyed by version: a save (or someone else's, on reload) starts the editor from what is in force.
  return <Editor key={flag.data.version} flag={flag.data} cohorts={cohorts.data} canEdit={canEdit} />;
}

function Editor({ flag, cohorts, canEdit }: { flag: TFlagDetail; cohorts: TCohortRow[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TDraft>(() => draftOf(flag.definition));
  const [note, setNote] = useState('');
  const [scheduleAt, setScheduleAt] = useState('');
  const [scheduleError, setScheduleError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.flags.pathKey() });
  const onSuccess = async () => {
    await refresh();
  };
  const update = useMutation(trpc.flags.update.mutationOptions({ onSuccess }));
  const kill = useMutation(trpc.flags.setKilled.mutationOptions({ onSuccess }));
  const revert = useMutation(trpc.flags.revert.mutationOptions({ onSuccess }));
  const schedule = useMutation(
    trpc.flags.schedule.mutationOptions({
      onSuccess: async () => {
        setNotice('Change scheduled.');
        await refresh();
      },
    }),
  );
  const cancel = useMutation(trpc.flags.cancelScheduled.mutationOptions({ onSuccess }));
  const read = readDraft(draft);
  const failed = [update, kill, revert, schedule, cancel].find((mutation) => mutation.error)?.error;
  const server = failed ? formErrorsOf(failed) : { fields: {}, form: [] };
  const serverFields = Object.fromEntries(
    Object.entries(server.fields).map(([path, message]) => [path.replace(/^definition\./, ''), message]),
  );
  const [submitted, setSubmitted] = useState(false);
  const errors = { ...serverFields, ...(submitted && !read.ok ? read.errors : {}) };
  const disabled = !canEdit;
  const variantOptions = draft.variants.map((variant) => ({ value: variant.key, label: variant.key }));

  function save() {
    setSubmitted(true);
    if (!read.ok) return;
    update.mutate({
      id: flag.id,
      expectedVersion: flag.version,
      description: flag.description ?? undefined,
      definition: read.definition,
      note: note.trim() || undefined,
    });
  }

  function scheduleDraft() {
    setSubmitted(true);
    const at = parseAmsterdamTime(scheduleAt);
    setScheduleError(at.ok ? undefined : 'Enter a date and 24-hour time like 2 Dec 2026, 14:04');
    if (!read.ok || !at.ok) return;
    schedule.mutate({
      id: flag.id,
      at: at.instant,
      definition: read.definition,
      note: note.trim() || undefined,
    });
  }

  const setVariant = (index: number, patch: Partial<TDraft['variants'][number]>) =>
    setDraft({
      ...draft,
      variants: draft.variants.map((variant, i) => (i === index ? { ...variant, ...patch } : variant)),
    });

  return (
    <div className="grid items-start gap-5 xl:grid-cols-3">
      <div className="space-y-5 xl:col-span-2">
        <Card
          title={flag.key}
          description={flag.description ?? `A ${flag.definition.type} flag`}
          actions={
            <span className="flex items-center gap-2">
              {flag.definition.killed ? (
                <Badge tone="danger">killed</Badge>
              ) : (
                <Badge tone="success">live</Badge>
              )}
              <span className="text-sm text-slate-600">version {flag.version}</span>
              {canEdit ? (
                <ConfirmButton
                  label={flag.definition.killed ? 'Revive' : 'Kill'}
                  tone={flag.definition.killed ? 'primary' : 'danger'}
                  question={
                    flag.definition.killed
                      ? 'Serve the rules and default again?'
                      : `Serve “${flag.definition.offVariant}” to every box on its next poll?`
                  }
                  busy={kill.isPending}
                  onConfirm={() => kill.mutate({ id: flag.id, killed: !flag.definition.killed })}
                />
              ) : null}
            </span>
          }
        >
          {server.form.map((message) => (
            <p
              key={message}
              role="alert"
              className="mb-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800"
            >
              {message}
            </p>
          ))}
          {notice ? (
            <p role="status" className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              {notice}
            </p>
          ) : null}
          <h3 className="mb-2 text-sm font-semibold text-slate-800">Variants</h3>
          <ul className="space-y-2">
            {draft.variants.map((variant, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a variant's key is what is being edited
              <li key={index} className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
                <TextField
                  label={`Variant ${index + 1} key`}
                  value={variant.key}
                  disabled={disabled}
                  error={errors[`variants.${index}.key`]}
                  onChange={(event) => setVariant(index, { key: event.target.value })}
                />
                {draft.type === 'boolean' ? (
                  <SelectField
                    label={`Variant ${index + 1} value`}
                    options={BOOLEAN_OPTIONS}
                    value={variant.text}
                    disabled={disabled}
                    error={errors[`variants.${index}.value`]}
                    onChange={(event) => setVariant(index, { text: event.target.value })}
                  />
                ) : (
                  <TextField
                    label={`Variant ${index + 1} value`}
                    value={variant.text}
                    disabled={disabled}
                    className={draft.type === 'json' ? 'font-mono' : undefined}
                    error={errors[`variants.${index}.value`]}
                    onChange={(event) => setVariant(index, { text: event.target.value })}
                  />
                )}
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled || draft.variants.length === 1}
                  aria-label={`Remove variant ${index + 1}`}
                  onClick={() =>
                    setDraft({ ...draft, variants: draft.variants.filter((_, i) => i !== index) })
                  }
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
          <Button
            size="sm"
            variant="secondary"
            className="mt-2"
            disabled={disabled}
            onClick={() =>
              setDraft({
                ...draft,
                variants: [
                  ...draft.variants,
                  {
                    key: `variant-${draft.variants.length + 1}`,
                    text: draft.type === 'string' ? '' : draft.type === 'boolean' ? 'true' : '0',
                  },
                ],
              })
            }
          >
            Add variant
          </Button>
          <h3 className="mt-5 mb-2 text-sm font-semibold text-slate-800">Targeting rules, in order</h3>
          <RuleBuilder
            draft={draft}
            cohorts={cohorts}
            errors={errors}
            disabled={disabled}
            onChange={setDraft}
          />
          <div className="mt-5 grid gap-3 sm:grid-cols-2">
            <SelectField
              label="Otherwise serve (default)"
              options={variantOptions}
              value={draft.defaultVariant}
              disabled={disabled}
              error={errors.defaultVariant}
              onChange={(event) => setDraft({ ...draft, defaultVariant: event.target.value })}
            />
            <SelectField
              label="When killed serve"
              options={variantOptions}
              value={draft.offVariant}
              disabled={disabled}
              error={errors.offVariant}
              onChange={(event) => setDraft({ ...draft, offVariant: event.target.value })}
            />
          </div>
          {canEdit ? (
            <div className="mt-5 space-y-3 border-t border-slate-200 pt-4">
              <TextField
                label="Note for the history"
                value={note}
                error={errors.note}
                onChange={(event) => setNote(event.target.value)}
              />
              <div className="flex flex-wrap items-end gap-3">
                <Button onClick={save} busy={update.isPending}>
                  Save as version {flag.version + 1}
                </Button>
                <DateTimeField
                  label="Or put this draft in force at"
                  value={scheduleAt}
                  error={scheduleError ?? errors.at}
                  onValueChange={setScheduleAt}
                />
                <Button variant="secondary" onClick={scheduleDraft} busy={schedule.isPending}>
                  Schedule
                </Button>
              </div>
              {errors.expectedVersion ? (
                <p role="alert" className="text-sm text-rose-700">
                  {errors.expectedVersion}
                </p>
              ) : null}
            </div>
          ) : null}
        </Card>
        <FlagHistory
          flag={flag}
          canEdit={canEdit}
          reverting={revert.isPending}
          onRevert={(version) => revert.mutate({ id: flag.id, toVersion: version })}
          onCancelScheduled={(changeId) => cancel.mutate({ changeId })}
        />
      </div>
      <FlagPreview flagKey={flag.key} definition={read.ok ? read.definition : null} cohorts={cohorts} />
    </div>
  );
}
