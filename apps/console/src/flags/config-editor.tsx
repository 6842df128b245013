'use client';

import { diffJson, ZConfigDocumentSchema } from '@keten/flags';
import { Button, Card, ErrorState, LoadingState, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TRouterOutputs } from '../trpc/types';
import { ConfigForm } from './config-form';
import { documentOf, structuredOf, type TStructured } from './config-rows';
import type { TCohortRow } from './types';

type TConfig = TRouterOutputs['config']['get'];

/** The central configuration: settings, and overrides per cohort merged over them; as a form or as JSON. */
export function ConfigEditor({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.config.get.queryOptions());
  const cohorts = useQuery(trpc.cohorts.list.queryOptions());
  if (config.isPending || cohorts.isPending) return <LoadingState label="Loading the configuration…" />;
  if (config.isError || cohorts.isError) {
    return (
      <ErrorState
        title="The configuration could not be loaded"
        message={describeQueryError(config.error ?? cohorts.error)}
        onRetry={() => void Promise.all([config.refetch(), cohorts.refetch()])}
        retrying={config.isFetching || cohorts.isFetching}
      />
    );
  }
  return (
    <div className="grid items-start gap-5 xl:grid-cols-3">
      <div className="xl:col-span-2">
        <DocumentForm
          key={config.data.version}
          config={config.data}
          cohorts={cohorts.data}
          canEdit={canEdit}
        />
      </div>
      <Card title="Cohort ids" description="For the overrides’ cohortId.">
        <ul className="space-y-1 text-sm">
          {cohorts.data.map((cohort) => (
            <li key={cohort.id}>
              {cohort.name} <code className="text-xs text-slate-600">{cohort.id}</code>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

function DocumentForm({
  config,
  cohorts,
  canEdit,
}: {
  config: TConfig;
  cohorts: readonly TCohortRow[];
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const textId = useId();
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [structured, setStructured] = useState<TStructured>(() => structuredOf(config.document));
  const [text, setText] = useState(() => JSON.stringify(config.document, null, 2));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.config.save.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.config.pathKey() }),
    }),
  );
  const server = save.error ? formErrorsOf(save.error) : { fields: {}, form: [] };
  const serverMessage = [...server.form, ...Object.entries(server.fields).map(([f, m]) => `${f}: ${m}`)][0];
  const serverFields = Object.fromEntries(
    Object.entries(server.fields).map(([path, message]) => [path.replace(/^document\./, ''), message]),
  );
  const errors = { ...serverFields, ...fieldErrors };

  /** The document the active view stands for, or why it cannot be read. */
  function current(): { ok: true; value: unknown } | { ok: false } {
    if (mode === 'form') {
      const read = documentOf(structured);
      setFieldErrors(read.ok ? {} : read.errors);
      if (!read.ok) setError('Fix the fields marked above.');
      return read.ok ? { ok: true, value: read.document } : { ok: false };
    }
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      setError('Must be valid JSON.');
      return { ok: false };
    }
  }

  function switchTo(next: 'form' | 'json') {
    if (next === mode) return;
    const read = current();
    if (!read.ok) return;
    const parsed = ZConfigDocumentSchema.safeParse(read.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setError(
        `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'is not a configuration'}`,
      );
    }
    setError(undefined);
    if (next === 'json') setText(JSON.stringify(parsed.data, null, 2));
    else setStructured(structuredOf(parsed.data));
    setMode(next);
  }

  function onSave() {
    setError(undefined);
    const read = current();
    if (!read.ok) return;
    const parsed = ZConfigDocumentSchema.safeParse(read.value);
    const issue = parsed.error?.issues[0];
    setError(issue ? `${issue.path.join('.') || 'document'}: ${issue.message}` : undefined);
    if (!parsed.success) return;
    save.mutate({ expectedVersion: config.version, document: parsed.data, note: note.trim() || undefined });
  }

  return (
    <Card
      title={`Version ${config.version}`}
      description="Boxes get it in /v1/config: settings, then each matching cohort’s overrides merged over them in order."
    >
      <div className="space-y-3">
        <fieldset className="flex gap-1" aria-label="Edit as">
          {(['form', 'json'] as const).map((view) => (
            <Button
              key={view}
              size="sm"
              variant={mode === view ? 'primary' : 'secondary'}
              aria-pressed={mode === view}
              onClick={() => switchTo(view)}
            >
              {view === 'form' ? 'Form' : 'JSON'}
            </Button>
          ))}
        </fieldset>
        {mode === 'form' ? (
          <ConfigForm
            value={structured}
            cohorts={cohorts}
            errors={errors}
            disabled={!canEdit}
            onChange={setStructured}
          />
        ) : (
          <>
            <label htmlFor={textId} className="block text-sm font-medium text-slate-800">
              Configuration document (JSON)
            </label>
            <textarea
              id={textId}
              value={text}
              disabled={!canEdit}
              rows={16}
              aria-invalid={error ? true : undefined}
              onChange={(event) => setText(event.target.value)}
              className="w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
            />
          </>
        )}
        {error || serverMessage ? (
          <p role="alert" className="text-sm text-rose-700">
            {error ?? serverMessage}
          </p>
        ) : null}
        {canEdit ? (
          <div className="flex items-end gap-3">
            <TextField label="Note" value={note} onChange={(event) => setNote(event.target.value)} />
            <Button onClick={onSave} busy={save.isPending}>
              Save as version {config.version + 1}
            </Button>
          </div>
        ) : null}
        <h3 className="pt-2 text-sm font-semibold text-slate-800">History</h3>
        <ol className="space-y-2 text-sm">
          {config.history.map((version, index) => {
            const previous = config.history[index + 1];
            return (
              <li key={version.version}>
                Version {version.version} · {formatDateTime(version.createdAt)} · {version.actorEmail}
                {version.note ? ` · ${version.note}` : ''}
                <ul className="font-mono text-xs text-slate-600">
                  {(previous ? diffJson(previous.document, version.document) : []).map((entry) => (
                    <li key={entry.path}>
                      {entry.path}: {JSON.stringify(entry.before) ?? '—'} →{' '}
                      {JSON.stringify(entry.after) ?? '—'}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      </div>
    </Card>
  );
}
