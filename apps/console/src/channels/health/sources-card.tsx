'use client';

import { Badge, Button, Card, DataTable, type DataTableColumn } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '../../format';
import { formErrorsOf } from '../../trpc/errors';
import { useTRPC } from '../../trpc/react';
import { HEALTH_TONES, PROTOCOL_SHORT, sourceRole } from '../labels';
import { formatAgo, probeSummary, type TChannelHealth, type THealthSource } from './health-format';

/** Every source of the channel with its health, last check, last error and last probe; "Probe now" per source. */
export function SourcesCard({ health, canOperate }: { health: TChannelHealth; canOperate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const probe = useMutation(
    trpc.channels.sources.probe.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.channels.health.queryKey() }),
    }),
  );
  const probing = probe.isPending ? probe.variables?.sourceId : undefined;

  const columns: DataTableColumn<THealthSource>[] = [
    {
      key: 'source',
      header: 'Source',
      cell: (source) => (
        <span className="flex flex-col gap-0.5">
          <span className="flex items-center gap-1.5 whitespace-nowrap">
            {sourceRole(health.sources.indexOf(source))}
            <Badge>{PROTOCOL_SHORT[source.protocol]}</Badge>
            {source.isOnAir ? <Badge tone="info">on air</Badge> : null}
            {source.enabled ? null : <Badge>disabled</Badge>}
          </span>
          <span className="max-w-72 truncate font-mono text-xs text-slate-600" title={source.url}>
            {source.url}
          </span>
        </span>
      ),
    },
    {
      key: 'health',
      header: 'Health',
      cell: (source) => <Badge tone={HEALTH_TONES[source.health]}>{source.health.toLowerCase()}</Badge>,
    },
    {
      key: 'checked',
      header: 'Last check',
      cell: (source) => (
        <span title={formatDateTime(source.lastCheckedAt)} className="whitespace-nowrap">
          {formatAgo(source.lastCheckedAt)}
        </span>
      ),
    },
    {
      key: 'error',
      header: 'Last error',
      cell: (source) =>
        source.lastError ? (
          // Once the feed is healthy again its last error is history, not an alarm.
          <span
            className={`font-mono text-xs break-words ${source.health === 'HEALTHY' ? 'text-slate-500' : 'text-rose-800'}`}
          >
            {source.lastError}
          </span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    {
      key: 'probe',
      header: 'Last probe',
      cell: (source) => (
        <span className="flex flex-col gap-0.5 text-xs">
          <span className={source.probe && !source.probe.ok ? 'text-rose-800' : 'text-slate-800'}>
            {probeSummary(source.probe)}
          </span>
          {source.probe ? (
            <span className="text-slate-500">
              {formatAgo(source.probe.probedAt)}
              {source.probe.timestamps.discontinuities > 0
                ? ` · ${source.probe.timestamps.discontinuities} timestamp jumps`
                : ''}
            </span>
          ) : null}
        </span>
      ),
    },
    ...(canOperate
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right' as const,
            cell: (source: THealthSource) => (
              <Button
                size="sm"
                variant="secondary"
                busy={probing === source.id}
                onClick={() => probe.mutate({ sourceId: source.id })}
                className="whitespace-nowrap"
              >
                {/* Named "Probe backup 1 now": the visible words stay part of the name (WCAG 2.5.3). */}
                Probe{' '}
                <span className="sr-only">{sourceRole(health.sources.indexOf(source)).toLowerCase()} </span>
                now
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title="Sources" description="In failover order. Health and probes come from the worker." flush>
      {probe.error ? (
        <p role="alert" className="mx-4 mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {formErrorsOf(probe.error).form[0] ?? formErrorsOf(probe.error).fields.sourceId}
        </p>
      ) : null}
      {probe.isSuccess ? (
        <p role="status" className="mx-4 mt-3 text-xs text-slate-600">
          Probe queued; the result appears here when the worker has run it.
        </p>
      ) : null}
      <DataTable
        caption="Sources"
        columns={columns}
        rows={health.sources}
        rowKey={(source) => source.id}
        empty={<p className="text-center text-sm text-slate-500">This channel has no sources yet.</p>}
      />
    </Card>
  );
}
