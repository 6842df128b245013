'use client';

import { Badge, Button, Card, ErrorState, LoadingState, SelectField, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeQueryError, errorCodeOf, formErrorsOf } from '../../trpc/errors';
import { useTRPC } from '../../trpc/react';
import { FlagHistory } from '../flag-history';
import { NotFoundCard } from '../not-found-card';
import { RuleBuilder } from '../rule-builder';
import type { TCohortRow, TRailChannelOption, TRailDetail } from '../types';
import { railDraftOf, readRailDraft, type TRailDraft } from './rail-draft';
import { RailItems } from './rail-items';
import { RailPreview } from './rail-preview';

/** One rail: title and place, variants with their ordered items, targeting rules, default, history, preview. */
export function RailEditor({ id, canEdit }: { id: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const rail = useQuery(trpc.rails.get.queryOptions({ id }));
  const cohorts = useQuery(trpc.cohorts.list.queryOptions());
  const channels = useQuery(trpc.rails.channels.queryOptions());
  if (rail.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCodeOf(rail.error) ?? ''))
    return <NotFoundCard what="rail" back={{ href: '/flags/rails', label: 'All rails' }} />;
  if (rail.isPending || cohorts.isPending || channels.isPending)
    return <LoadingState label="Loading the rail…" />;
  if (rail.isError || cohorts.isError || channels.isError) {
    const error = rail.error ?? cohorts.error ?? channels.error;
    return (
      <ErrorState
        title="The rail could not be loaded"
        message={describeQueryError(error)}
        onRetry={() => void Promise.all([rail.refetch(), cohorts.refetch(), channels.refetch()])}
        retrying={rail.isFetching || cohorts.isFetching || channels.isFetching}
      />
    );
  }
  return (
    <Editor
      key={rail.data.version}
      rail={rail.data}
      cohorts={cohorts.data}
      channels={channels.data}
      canEdit={canEdit}
    />
  );
}

function Editor({
  rail,
  cohorts,
  channels,
  canEdit,
}: {
  rail: TRailDetail;
  cohorts: TCohortRow[];
  channels: TRailChannelOption[];
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TRailDraft>(() => railDraftOf(rail.definition));
  const [note, setNote] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: trpc.rails.pathKey() });
  const update = useMutation(trpc.rails.update.mutationOptions({ onSuccess }));
  const revert = useMutation(trpc.rails.revert.mutationOptions({ onSuccess }));
  const read = readRailDraft(draft);
  const failed = update.error ?? revert.error;
  const server = failed ? formErrorsOf(failed) : { fields: {}, form: [] };
  const serverFields = Object.fromEntries(
    Object.entries(server.fields).map(([path, message]) => [path.replace(/^definition\./, ''), message]),
  );
  const errors = { ...serverFields, ...(submitted && !read.ok ? read.errors : {}) };
  const disabled = !canEdit;
  const variantOptions = draft.variants.map((variant) => ({ value: variant.key, label: variant.key }));

  function save() {
    setSubmitted(true);
    if (!read.ok) return;
    update.mutate({
      id: rail.id,
      expectedVersion: rail.version,
      definition: read.definition,
      note: note.trim() || undefined,
    });
  }

  const setVariant = (index: number, patch: Partial<TRailDraft['variants'][number]>) =>
    setDraft({
      ...draft,
      variants: draft.variants.map((variant, i) => (i === index ? { ...variant, ...patch } : variant)),
    });

  return (
    <div className="grid items-start gap-5 xl:grid-cols-3">
      <div className="space-y-5 xl:col-span-2">
        <Card
          title={rail.key}
          description="An ordered row of channels and promotions on boxes’ home screens."
          actions={
            <span className="flex items-center gap-2">
              {rail.definition.killed ? <Badge tone="danger">off</Badge> : <Badge tone="success">live</Badge>}
              <span className="text-sm text-slate-600">version {rail.version}</span>
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
          <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
            <TextField
              label="Title"
              value={draft.title}
              disabled={disabled}
              error={errors.title}
              hint="What boxes show above the rail"
              onChange={(event) => setDraft({ ...draft, title: event.target.value })}
            />
            <TextField
              label="Position"
              inputMode="numeric"
              value={draft.position}
              disabled={disabled}
              error={errors.position}
              hint="Lowest first on the home screen"
              onChange={(event) => setDraft({ ...draft, position: event.target.value })}
            />
          </div>
          <label className="mt-3 flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              checked={draft.killed}
              disabled={disabled}
              onChange={(event) => setDraft({ ...draft, killed: event.target.checked })}
            />
            Switched off: no box gets this rail
          </label>
          <h3 className="mt-5 mb-2 text-sm font-semibold text-slate-800">
            Variants and their items, in order
          </h3>
          <ul className="space-y-4">
            {draft.variants.map((variant, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a variant's key is what is being edited
              <li key={index} className="rounded-md bg-slate-50 p-3" aria-label={`Variant ${index + 1}`}>
                <div className="mb-2 flex items-end gap-2">
                  <div className="flex-1">
                    <TextField
                      label={`Variant ${index + 1} key`}
                      value={variant.key}
                      disabled={disabled}
                      error={errors[`variants.${index}.key`]}
                      onChange={(event) => setVariant(index, { key: event.target.value })}
                    />
                  </div>
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
                </div>
                <RailItems
                  label={`Variant ${index + 1}`}
                  path={`variants.${index}.items`}
                  items={variant.items}
                  channels={channels}
                  errors={errors}
                  disabled={disabled}
                  onChange={(items) => setVariant(index, { items })}
                />
              </li>
            ))}
          </ul>
          <Button
            size="sm"
            variant="secondary"
            className="mt-2"
            disabled={disabled || draft.variants.length >= 10}
            onClick={() =>
              setDraft({
                ...draft,
                variants: [...draft.variants, { key: `variant-${draft.variants.length + 1}`, items: [] }],
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
            noRules="No rules: every box gets the default."
          />
          <div className="mt-5 max-w-sm">
            <SelectField
              label="Otherwise show (default)"
              options={[{ value: '', label: 'No rail' }, ...variantOptions]}
              value={draft.defaultVariant}
              disabled={disabled}
              error={errors.defaultVariant}
              onChange={(event) => setDraft({ ...draft, defaultVariant: event.target.value })}
            />
          </div>
          {canEdit ? (
            <div className="mt-5 space-y-3 border-t border-slate-200 pt-4">
              <TextField
                label="Note for the history"
                value={note}
                onChange={(event) => setNote(event.target.value)}
              />
              <Button onClick={save} busy={update.isPending}>
                Save as version {rail.version + 1}
              </Button>
              {submitted && !read.ok ? (
                <p role="alert" className="text-sm text-rose-700">
                  Fix the fields marked above to save.
                </p>
              ) : null}
              {errors.expectedVersion ? (
                <p role="alert" className="text-sm text-rose-700">
                  {errors.expectedVersion}
                </p>
              ) : null}
            </div>
          ) : null}
        </Card>
        <FlagHistory
          flag={rail}
          canEdit={canEdit}
          reverting={revert.isPending}
          onRevert={(version) => revert.mutate({ id: rail.id, toVersion: version })}
        />
      </div>
      <RailPreview channels={channels} cohorts={cohorts} />
    </div>
  );
}
