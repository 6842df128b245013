'use client';

import { Badge, Card, DataTable, type DataTableColumn, EmptyState } from '@keten/ui';
import { formatDateTime } from '../../format';
import { PROTOCOL_SHORT, sourceRole } from '../labels';
import {
  formatClock,
  formatDuration,
  isQcKind,
  KIND_BY_NAME,
  type TChannelHealth,
  type TIngestEventRow,
  windowLabel,
} from './health-format';

/** The window's findings, newest first: kind, source, start, end, duration and cause. */
export function IngestEventsTable({ health }: { health: TChannelHealth }) {
  const sources = new Map(health.sources.map((source, position) => [source.id, { ...source, position }]));
  const sourceLabel = (id: string | null) => {
    if (!id) return '—';
    const source = sources.get(id);
    return source ? `${sourceRole(source.position)} (${PROTOCOL_SHORT[source.protocol]})` : 'removed source';
  };
  const span = windowLabel(health.window.from, health.window.to);
  const counts = Object.entries(health.timeline?.counts ?? {});

  const columns: DataTableColumn<TIngestEventRow>[] = [
    {
      key: 'kind',
      header: 'Kind',
      cell: (event) => {
        const kind = KIND_BY_NAME.get(event.kind);
        return <Badge tone={kind?.tone}>{kind?.label ?? event.kind}</Badge>;
      },
    },
    {
      key: 'source',
      header: 'Source',
      cell: (event) =>
        event.fromSourceId ? (
          <span className="whitespace-nowrap">
            {sourceLabel(event.fromSourceId)} → {sourceLabel(event.sourceId)}
          </span>
        ) : (
          <span className="whitespace-nowrap">{sourceLabel(event.sourceId)}</span>
        ),
    },
    {
      key: 'start',
      header: 'Start',
      cell: (event) => (
        <span title={formatDateTime(event.startedAt)} className="whitespace-nowrap tabular-nums">
          {formatClock(event.startedAt)}
        </span>
      ),
    },
    {
      key: 'end',
      header: 'End',
      cell: (event) =>
        event.endedAt ? (
          <span title={formatDateTime(event.endedAt)} className="whitespace-nowrap tabular-nums">
            {formatClock(event.endedAt)}
          </span>
        ) : isQcKind(event.kind) ? (
          <Badge tone="warning">ongoing</Badge>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    {
      key: 'duration',
      header: 'Duration',
      align: 'right',
      cell: (event) =>
        event.endedAt || isQcKind(event.kind) ? formatDuration(event.startedAt, event.endedAt) : '—',
    },
    { key: 'cause', header: 'Cause', cell: (event) => <span className="text-xs">{event.cause || '—'}</span> },
  ];

  return (
    <Card
      title="Ingest events"
      description={
        counts.length > 0
          ? counts
              .map(([kind, n]) => `${KIND_BY_NAME.get(kind as TIngestEventRow['kind'])?.label ?? kind}: ${n}`)
              .join(' · ')
          : `Last ${span}`
      }
      flush
    >
      {health.timelineError ? (
        <p role="alert" className="mx-4 mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {health.timelineError}
        </p>
      ) : null}
      <DataTable
        caption="Ingest events"
        columns={columns}
        rows={health.timeline?.events ?? []}
        rowKey={(event) => event.id}
        empty={
          <EmptyState
            title={`No ingest events in the last ${span}`}
            description="Failovers, returns, QC findings and probes of this channel are listed here as the worker reports them."
          />
        }
      />
    </Card>
  );
}
