'use client';

import { XMLTV_UPLOAD_MAX_CHARS } from '@keten/contracts';
import { Button, Card, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { ImportReport } from './import-report';
import type { TImportReport, TScheduleChannel } from './types';

interface Props {
  channels: TScheduleChannel[];
}

/** "xmltv-id = keten-slug" per line → xmltv id → channel id; unknown slugs are named. */
function readMapping(
  text: string,
  channels: TScheduleChannel[],
): { mapping: Record<string, string>; error?: string } {
  const mapping: Record<string, string> = {};
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [xmltvId, slug] = line.split('=').map((part) => part.trim());
    const channel = channels.find((c) => c.slug === slug);
    if (!xmltvId || !channel)
      return { mapping, error: `“${line}”: write xmltv-id = channel-slug, with a slug that exists` };
    mapping[xmltvId] = channel.id;
  }
  return { mapping };
}

/**
 * Imports an XMLTV file or URL; the per-entry report shows what was taken and what was refused, and why. The
 * report and any error appear right under the button that was pressed, where the operator is looking.
 */
export function XmltvImport({ channels }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mappingId = useId();
  const [mappingText, setMappingText] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [replace, setReplace] = useState(false);
  const [kind, setKind] = useState<'file' | 'url'>('file');
  const [local, setLocal] = useState<{ field: 'file' | 'url' | 'mapping'; message: string }>();
  const [report, setReport] = useState<TImportReport>();
  const run = useMutation(
    trpc.schedule.importXmltv.mutationOptions({
      onMutate: () => setReport(undefined),
      onSuccess: async (result) => {
        setReport(result);
        if (result.applied) await queryClient.invalidateQueries({ queryKey: trpc.schedule.pathKey() });
      },
    }),
  );
  const server = run.error ? formErrorsOf(run.error) : { fields: {} as Record<string, string>, form: [] };
  const errorFor = (field: 'file' | 'url') =>
    local?.field === field ? local.message : kind === field ? server.fields.source : undefined;

  function mappingOrError() {
    const { mapping, error } = readMapping(mappingText, channels);
    if (error) setLocal({ field: 'mapping', message: error });
    return error ? undefined : mapping;
  }

  async function onFile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setKind('file');
    setLocal(undefined);
    setReport(undefined);
    run.reset();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0)
      return setLocal({ field: 'file', message: 'Choose an XMLTV file.' });
    if (file.size > XMLTV_UPLOAD_MAX_CHARS) {
      return setLocal({
        field: 'file',
        message: 'The file is larger than 800 kB; import it from a URL instead.',
      });
    }
    const mapping = mappingOrError();
    if (mapping)
      run.mutate({
        source: { kind: 'file', filename: file.name, xml: await file.text() },
        mapping,
        dryRun,
        replace,
      });
  }

  function onUrl(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setKind('url');
    setLocal(undefined);
    setReport(undefined);
    run.reset();
    const url = String(new FormData(event.currentTarget).get('url') ?? '').trim();
    const mapping = mappingOrError();
    if (mapping) run.mutate({ source: { kind: 'url', url }, mapping, dryRun, replace });
  }

  return (
    <Card
      title="Import XMLTV"
      description="Channels match by slug or by Keten’s XMLTV id (like npo-1.keten.tv), or by the mapping below. Every entry is reported; importing the same feed again changes nothing."
    >
      <div className="flex flex-col gap-4">
        <form onSubmit={onFile} noValidate className="flex flex-col gap-2" aria-label="Import an XMLTV file">
          <TextField
            label="XMLTV file"
            name="file"
            type="file"
            accept=".xml,text/xml,application/xml"
            error={errorFor('file')}
            className="pt-1.5"
          />
          <Button
            type="submit"
            size="sm"
            variant="secondary"
            busy={run.isPending && kind === 'file'}
            className="self-start"
          >
            Import file
          </Button>
        </form>
        {kind === 'file' ? (
          <>
            {server.form.map((message) => (
              <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
                {message}
              </p>
            ))}
            {report ? <ImportReport report={report} onClose={() => setReport(undefined)} /> : null}
          </>
        ) : null}
        <form
          onSubmit={onUrl}
          noValidate
          className="flex flex-col gap-2"
          aria-label="Import XMLTV from a URL"
        >
          <TextField
            label="Feed URL"
            name="url"
            type="url"
            placeholder="https://epg.example.nl/guide.xml"
            error={errorFor('url')}
          />
          <Button
            type="submit"
            size="sm"
            variant="secondary"
            busy={run.isPending && kind === 'url'}
            className="self-start"
          >
            Import from URL
          </Button>
        </form>
        {kind === 'url' ? (
          <>
            {server.form.map((message) => (
              <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
                {message}
              </p>
            ))}
            {report ? <ImportReport report={report} onClose={() => setReport(undefined)} /> : null}
          </>
        ) : null}
        <div className="flex flex-col gap-1">
          <label htmlFor={mappingId} className="text-xs font-medium text-slate-700">
            Channel mapping (optional)
          </label>
          <textarea
            id={mappingId}
            value={mappingText}
            onChange={(e) => setMappingText(e.currentTarget.value)}
            rows={2}
            placeholder="npo1.nl = npo-1"
            aria-invalid={local?.field === 'mapping' ? true : undefined}
            className="rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-xs"
          />
          <p className={local?.field === 'mapping' ? 'text-xs text-rose-700' : 'text-xs text-slate-500'}>
            {local?.field === 'mapping'
              ? local.message
              : 'One per line: XMLTV channel id = Keten channel slug.'}
          </p>
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} />
          Replace hand-entered programmes too, in the span the file covers
        </label>
        <p className="-mt-3 pl-6 text-xs text-slate-500">
          Without it, the file replaces only what earlier imports stored there; a clash with a programme
          entered here is reported.
        </p>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
          Preview only: check everything, store nothing
        </label>
      </div>
    </Card>
  );
}
