'use client';

import { Badge, Button, Card, DataTable } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TImportReport } from './types';

type TProblem = TImportReport['problems'][number];

/** CSV import: check first (dry run), then import all rows in one go; any problem means nothing is written. */
export function ImportForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string }>();
  const run = useMutation(
    trpc.subscribers.import.mutationOptions({
      onSuccess: (report) => {
        if (report.imported > 0) void queryClient.invalidateQueries({ queryKey: trpc.subscribers.pathKey() });
      },
    }),
  );
  const report = run.data;

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    run.reset();
    setFile(chosen ? { name: chosen.name, text: await chosen.text() } : undefined);
  }

  return (
    <div className="space-y-5">
      <Card
        title="Import subscribers from CSV"
        description="Columns: account_number, name, email, region, status, max_concurrent_streams (city and postcode optional). Header names are matched loosely."
      >
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
            CSV file
            <input type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e)} className="text-sm" />
          </label>
          <Button
            variant="secondary"
            disabled={!file}
            busy={run.isPending && run.variables?.dryRun}
            onClick={() => file && run.mutate({ csv: file.text, dryRun: true })}
          >
            Check file
          </Button>
          <Button
            disabled={!file || !report?.dryRun || report.problems.length > 0}
            busy={run.isPending && !run.variables?.dryRun}
            onClick={() => file && run.mutate({ csv: file.text, dryRun: false })}
          >
            Import {report?.dryRun && report.problems.length === 0 ? `${report.rows} subscribers` : ''}
          </Button>
        </div>
        {run.error ? (
          <p role="alert" className="mt-3 text-sm text-rose-700">
            {[...formErrorsOf(run.error).form, ...Object.values(formErrorsOf(run.error).fields)].join(' ')}
          </p>
        ) : null}
      </Card>
      {report ? (
        <Card
          title={
            report.problems.length > 0
              ? `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}: nothing was imported`
              : report.dryRun
                ? `${report.rows} rows are ready to import`
                : `${report.imported} subscribers imported`
          }
          description={file?.name}
          flush
        >
          {report.problems.length > 0 ? (
            <DataTable<TProblem>
              caption="Problems found in the file"
              rows={report.problems}
              rowKey={(row) => `${row.row}:${row.column}:${row.reason}`}
              columns={[
                { key: 'row', header: 'Row', align: 'right', cell: (row) => row.row },
                {
                  key: 'column',
                  header: 'Column',
                  cell: (row) => (row.column ? <Badge>{row.column}</Badge> : '—'),
                },
                { key: 'reason', header: 'Reason', cell: (row) => row.reason },
              ]}
            />
          ) : (
            <p className="p-4 text-sm text-slate-600">
              {report.dryRun
                ? 'Every row passed the checks. Nothing has been written yet.'
                : 'All rows were written in one transaction and recorded in the audit log.'}
            </p>
          )}
        </Card>
      ) : null}
    </div>
  );
}
