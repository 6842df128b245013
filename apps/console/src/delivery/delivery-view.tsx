'use client';

import { Card, ChartPanel, DataTable, EmptyState, ErrorState, LoadingState, SelectField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { barChartHeight } from '../chart-axis';
import { formatCount } from '../format';
import { formatPercent } from '../qoe/qoe-format';
import { useTick } from '../qoe/use-qoe-view';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TDeliveryRow } from '../trpc/types';
import { DELIVERY_RANGES, edgeLabel, edgeParam, formatBytes, rangeOf } from './delivery-format';

const ms = (value: number | null) => (value === null ? '—' : `${formatCount(Math.round(value))} ms`);

/** Per edge (or one edge by channel or rendition): the delivery figures next to the QoE of the sessions served. */
function DeliveryTable({
  caption,
  rows,
  keyHeader,
  keyCell,
}: {
  caption: string;
  rows: readonly TDeliveryRow[];
  keyHeader: string;
  keyCell: (row: TDeliveryRow) => ReactNode;
}) {
  return (
    <DataTable<TDeliveryRow>
      caption={caption}
      rows={rows}
      rowKey={(row) => row.key}
      columns={[
        { key: 'key', header: keyHeader, cell: keyCell },
        { key: 'requests', header: 'Requests', align: 'right', cell: (row) => formatCount(row.requests) },
        { key: 'hit', header: 'Hit ratio', align: 'right', cell: (row) => formatPercent(row.hitRatio) },
        { key: 'errors', header: 'Errors', align: 'right', cell: (row) => formatPercent(row.errorRate) },
        { key: 'ttfb', header: 'TTFB p95', align: 'right', cell: (row) => ms(row.ttfbP95Ms) },
        { key: 'bytes', header: 'Bytes', align: 'right', cell: (row) => formatBytes(row.bytes) },
        {
          key: 'sessions',
          header: 'Sessions (with QoE)',
          align: 'right',
          cell: (row) => `${formatCount(row.sessions)} (${formatCount(row.qoe.sessions)})`,
        },
        {
          key: 'rebuffering',
          header: 'Rebuffering',
          align: 'right',
          cell: (row) => formatPercent(row.qoe.rebufferingRatio),
        },
        { key: 'start', header: 'Start p50', align: 'right', cell: (row) => ms(row.qoe.startTimeP50Ms) },
        {
          key: 'failed',
          header: 'Failed sessions',
          align: 'right',
          cell: (row) => formatPercent(row.qoe.failureRate),
        },
      ]}
    />
  );
}

/**
 * The delivery view of the live QoE page: each CDN edge (and the origin's direct answers) with its hit ratio,
 * error rate, TTFB p95 and bytes, next to the QoE of the sessions it served; an edge opens its channels and
 * renditions. Range and edge live in the URL; it refreshes every 30 s.
 */
export function DeliveryView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const range = rangeOf(params.get('range'));
  const edge = params.get('edge') ?? '';
  const now = useTick(30_000);
  const span = { from: new Date(now - range.ms), to: new Date(now) };
  const view = useQuery(trpc.delivery.view.queryOptions({ ...span, group: edge ? 'channel' : 'edge', edge }));
  const renditions = useQuery({
    ...trpc.delivery.view.queryOptions({ ...span, group: 'rendition', edge }),
    enabled: edge !== '',
  });
  const hrefWith = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    return query ? `${pathname}?${query}` : pathname;
  };

  const toolbar = (
    <div className="flex flex-wrap items-end gap-3">
      <nav aria-label="QoE views" className="flex gap-1 pb-1">
        {(
          [
            ['/qoe', 'Live'],
            ['/qoe/insight', 'Box & firmware insight'],
            ['/qoe/delivery', 'Delivery'],
          ] as const
        ).map(([href, label]) => (
          <Link
            key={href}
            href={href}
            aria-current={href === '/qoe/delivery' ? 'page' : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${href === '/qoe/delivery' ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-200 bg-white text-slate-700 hover:bg-slate-50'}`}
          >
            {label}
          </Link>
        ))}
      </nav>
      <SelectField
        label="Range"
        name="range"
        value={range.value}
        options={DELIVERY_RANGES.map(({ value, label }) => ({ value, label }))}
        onChange={(event) => router.replace(hrefWith({ range: event.target.value }), { scroll: false })}
      />
      {edge ? (
        <p className="pb-2 text-sm">
          Edge <strong>{edgeLabel(edge === '-' ? '' : edge)}</strong>{' '}
          <Link className="text-sky-700 underline" href={hrefWith({ edge: null })}>
            back to every edge
          </Link>
        </p>
      ) : null}
    </div>
  );

  if (view.isPending)
    return (
      <div className="flex flex-col gap-4">
        {toolbar}
        <LoadingState variant="table" rows={4} label="Loading delivery…" />
      </div>
    );
  if (view.isError)
    return (
      <div className="flex flex-col gap-4">
        {toolbar}
        <ErrorState
          title="Delivery could not be loaded"
          message={describeQueryError(view.error)}
          onRetry={() => void view.refetch()}
          retrying={view.isFetching}
        />
      </div>
    );
  const { rows, edges } = view.data;
  if (rows.length === 0)
    return (
      <div className="flex flex-col gap-4">
        {toolbar}
        <EmptyState
          title="No deliveries in this range"
          description="The origin records every playlist and segment it serves, and CDN edges report theirs (Administration → CDN edges). Nothing was served or reported in this range."
        />
      </div>
    );
  const bars = rows.slice(0, 20).map((row) => ({
    name: edge ? row.key : edgeLabel(row.key),
    ttfbP95: Math.round(row.ttfbP95Ms),
    hitPercent: row.hitRatio === null ? 0 : Math.round(row.hitRatio * 1000) / 10,
    errorPercent: Math.round(row.errorRate * 1000) / 10,
  }));
  const rowName = edge ? 'Channel' : 'Edge';
  return (
    <div className="flex flex-col gap-4">
      {toolbar}
      <div className="grid gap-4 xl:grid-cols-2">
        <ChartPanel
          title={`TTFB p95 per ${rowName.toLowerCase()}`}
          description="Request received to first byte sent, in ms"
          height={barChartHeight(bars.length)}
        >
          <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" fontSize={11} unit=" ms" />
            <YAxis type="category" dataKey="name" width={130} fontSize={11} />
            <Tooltip />
            <Bar dataKey="ttfbP95" name="TTFB p95 (ms)" fill="#0369a1" isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
        <ChartPanel
          title={`Hit ratio and errors per ${rowName.toLowerCase()}`}
          description="Cache hits of the requests with a cache verdict; answers with status 400 or more"
          height={barChartHeight(bars.length * 2)}
        >
          <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" fontSize={11} unit=" %" domain={[0, 100]} />
            <YAxis type="category" dataKey="name" width={130} fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar dataKey="hitPercent" name="Hit ratio (%)" fill="#059669" isAnimationActive={false} />
            <Bar dataKey="errorPercent" name="Errors (%)" fill="#be123c" isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
      </div>
      <Card
        title={edge ? 'Channels served by this edge' : 'Edges'}
        description={
          edge
            ? 'Each channel this edge served, with the QoE of its sessions'
            : 'Open an edge for its channels and renditions. QoE: the beacons of the sessions it served (CMCD session id).'
        }
        flush
      >
        <DeliveryTable
          caption={edge ? 'Channels of the edge' : 'Delivery per edge'}
          rows={rows}
          keyHeader={rowName}
          keyCell={(row) =>
            edge ? (
              row.key
            ) : (
              <div>
                <Link
                  className="font-medium text-sky-700 underline"
                  href={hrefWith({ edge: edgeParam(row.key) })}
                >
                  {edgeLabel(row.key)}
                </Link>
                {edges[row.key] ? <div className="text-xs text-slate-500">{edges[row.key]}</div> : null}
              </div>
            )
          }
        />
      </Card>
      {edge ? (
        <Card title="Renditions served by this edge" flush>
          {renditions.isPending ? (
            <LoadingState variant="table" rows={2} label="Loading renditions…" />
          ) : renditions.isError ? (
            <ErrorState
              title="Renditions could not be loaded"
              message={describeQueryError(renditions.error)}
              onRetry={() => void renditions.refetch()}
              retrying={renditions.isFetching}
            />
          ) : (
            <DeliveryTable
              caption="Renditions of the edge"
              rows={renditions.data.rows}
              keyHeader="Rendition"
              keyCell={(row) => row.key || 'master playlist'}
            />
          )}
        </Card>
      ) : null}
    </div>
  );
}
