'use client';

import { Badge, Button, DataTable } from '@keten/ui';
import { useEffect, useRef, useState } from 'react';
import type { TImportReport } from './types';

type TEntry = TImportReport['entries'][number];

const REASONS: Record<NonNullable<TEntry['reason']>, string> = {
  UNKNOWN_CHANNEL: 'Unknown channel',
  BAD_TIME: 'Unreadable time',
  END_BEFORE_START: 'Ends before it starts',
  MISSING_TITLE: 'No title',
  OVERLAPS_EXISTING: 'Overlaps the schedule',
  OVERLAPS_IMPORTED: 'Overlaps the file',
  BAD_TEXT: 'Unreadable text',
  TOO_LONG: 'Longer than 24 hours',
};

function summary(report: TImportReport): string {
  if (report.parseError) return 'The file could not be read; nothing was changed.';
  const counts = [
    `${report.accepted} accepted`,
    report.updated ? `${report.updated} updated` : '',
    report.unchanged ? `${report.unchanged} unchanged` : '',
    `${report.rejected} rejected`,
  ]
    .filter(Boolean)
    .join(', ');
  if (report.dryRun) {
    const replacing = report.replaced ? ` ${report.replaced} scheduled programmes would be replaced.` : '';
    return `Preview: ${counts}.${replacing} Nothing was stored.`;
  }
  const stored = report.updated
    ? 'The accepted and updated programmes are stored.'
    : 'The accepted programmes are stored.';
  if (report.applied) return `${counts}${report.replaced ? `, ${report.replaced} replaced` : ''}. ${stored}`;
  if (report.unchanged && !report.accepted && !report.updated)
    return `${counts}. The schedule already holds these programmes; nothing was changed.`;
  return `${counts}. Nothing was stored.`;
}

/** The badge for each outcome; rejected ones name their reason. */
function Outcome({ row }: { row: TEntry }) {
  if (row.status === 'accepted') return <Badge tone="success">Accepted</Badge>;
  if (row.status === 'unchanged') return <Badge tone="neutral">Unchanged</Badge>;
  const badge =
    row.status === 'updated' ? (
      <Badge tone="info">Updated</Badge>
    ) : (
      <Badge tone="danger">{row.reason ? REASONS[row.reason] : 'Rejected'}</Badge>
    );
  return (
    <div>
      {badge}
      {row.message ? <div className="mt-0.5 text-xs text-slate-600">{row.message}</div> : null}
    </div>
  );
}

/** The per-entry outcome of an XMLTV import: why each refused entry was refused, in file order. */
export function ImportReport({ report, onClose }: { report: TImportReport; onClose: () => void }) {
  const [onlyRejected, setOnlyRejected] = useState(report.rejected > 0);
  const rows = report.entries.filter((e) => !onlyRejected || e.status === 'rejected');
  // A new report comes into view under the button that ran it, however far down the page that is.
  const shown = useRef<HTMLElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new report scrolls into view, another render does not
  useEffect(() => {
    shown.current?.scrollIntoView?.({ block: 'nearest' });
  }, [report]);
  return (
    <section
      ref={shown}
      aria-label="Import report"
      className="overflow-hidden rounded-md border border-slate-200"
    >
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-200 bg-slate-50 px-3 py-2">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold text-slate-800">Import report</h3>
          <p className="break-words text-xs text-slate-600">
            {report.source} · {summary(report)}
          </p>
        </div>
        <div className="flex items-center gap-2">
          {report.entries.length > 0 ? (
            <label className="flex items-center gap-1.5 text-xs text-slate-600">
              <input
                type="checkbox"
                checked={onlyRejected}
                onChange={(e) => setOnlyRejected(e.currentTarget.checked)}
              />
              Only rejected
            </label>
          ) : null}
          <Button size="sm" variant="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
      <div role="status" aria-label="Import result">
        {report.parseError ? (
          <p className="bg-rose-50 px-4 py-3 text-sm text-rose-800">{report.parseError}</p>
        ) : (
          <DataTable<TEntry>
            caption="Import report"
            rows={rows}
            rowKey={(row) => String(row.index)}
            columns={[
              { key: 'index', header: '#', align: 'right', cell: (row) => row.index },
              { key: 'channel', header: 'XMLTV channel', cell: (row) => row.xmltvChannel || '—' },
              {
                key: 'start',
                header: 'Start (as in file)',
                className: 'whitespace-nowrap font-mono text-xs',
                cell: (row) => row.start || '—',
              },
              { key: 'title', header: 'Title', cell: (row) => row.title ?? '—' },
              { key: 'result', header: 'Result', cell: (row) => <Outcome row={row} /> },
            ]}
          />
        )}
      </div>
    </section>
  );
}
