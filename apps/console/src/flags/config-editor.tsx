'use client';

import { diffJson, ZConfigDocumentSchema } from '@keten/flags';
import { Button, Card, ErrorState, LoadingState, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TRouterOutputs } from '../trpc/types';

type TConfig = TRouterOutputs['config']['get'];

/** The central configuration as one JSON document: settings, and overrides per cohort merged over them. */
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
        <DocumentForm key={config.data.version} config={config.data} canEdit={canEdit} />
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

function DocumentForm({ config, canEdit }: { config: TConfig; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const textId = useId();
  const [text, setText] = useState(() => JSON.stringify(config.document, null, 2));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const save = useMutation(
    trpc.config.save.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.config.pathKey() }),
    }),
  );
  const server = save.error ? formErrorsOf(save.error) : { fields: {}, form: [] };
  const serverMessage = [...server.form, ...Object.entries(server.fields).map(([f, m]) => `${f}: ${m}`)][0];

  function onSave() {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return setError('Must be valid JSON.');
    }
    const parsed = ZConfigDocumentSchema.safeParse(value);
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
