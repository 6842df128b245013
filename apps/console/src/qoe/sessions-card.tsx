'use client';

import type { TQoeEndReason } from '@keten/contracts';
import { Badge, Card, ChartPanel, DataTable, ErrorState, LoadingState, type TBadgeTone } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { formatClock } from '../channels/health/health-format';
import { formatDateTime } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { timeAxisProps } from './qoe-format';
import type { TQoeSession } from './types';
import { useBoxModelNames } from './use-box-model-names';
import { useChannelNames } from './use-channel-names';

const END_REASONS: Record<TQoeEndReason, { label: string; tone: TBadgeTone; color: string }> = {
  error: { label: 'Error', tone: 'danger', color: '#e11d48' },
  exit_before_start: { label: 'Left before start', tone: 'warning', color: '#d97706' },
  zap: { label: 'Zapped away', tone: 'neutral', color: '#64748b' },
  stopped: { label: 'Stopped', tone: 'neutral', color: '#0f172a' },
  playing: { label: 'Playing now', tone: 'success', color: '#059669' },
  no_end_reported: { label: 'No end reported', tone: 'info', color: '#0284c7' },
};

const seconds = (ms: number) =>
  ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 1000).toFixed(1)} s`;

/** The last 24 h of playback sessions of one box or of a subscriber's boxes: a timeline, then every session. */
export function SessionsCard({ deviceId, subscriberId }: { deviceId?: string; subscriberId?: string }) {
  const trpc = useTRPC();
  const sessions = useQuery({
    ...trpc.qoe.sessions.queryOptions({ deviceId, subscriberId, hours: 24 }),
    refetchInterval: 30_000,
  });
  const rows = sessions.data?.sessions ?? [];
  const names = useChannelNames(rows.map((row) => row.channelId));
  const modelNames = useBoxModelNames();
  const channel = (id: string) => names.get(id) ?? id;
  if (sessions.isPending) {
    return (
      <Card title="Playback sessions" description="Last 24 hours">
        <LoadingState variant="table" rows={3} label="Loading sessions…" />
      </Card>
    );
  }
  if (sessions.isError) {
    return (
      <Card title="Playback sessions" description="Last 24 hours">
        <ErrorState
          title="The QoE store could not be read"
          message={describeQueryError(sessions.error)}
          onRetry={() => void sessions.refetch()}
          retrying={sessions.isFetching}
        />
      </Card>
    );
  }
  const from = new Date(sessions.data.from).getTime();
  const to = new Date(sessions.data.to).getTime();
  const errors = rows.reduce((sum, row) => sum + row.errors.length, 0);
  const points = rows.map((row) => ({
    at: new Date(row.startedAt).getTime(),
    channel: channel(row.channelId),
    reason: row.endReason,
  }));
  return (
    <section aria-label="Playback sessions" className="space-y-3">
      <ChartPanel
        title="Playback sessions"
        description={`Last 24 hours · ${rows.length} session${rows.length === 1 ? '' : 's'} · ${errors} error${errors === 1 ? '' : 's'} reported`}
        height={Math.min(320, Math.max(140, new Set(points.map((p) => p.channel)).size * 28 + 60))}
        empty={
          rows.length === 0
            ? {
                title: 'No playback sessions in the last 24 hours',
                description: 'Sessions appear here within seconds once the box sends QoE beacons.',
              }
            : undefined
        }
      >
        <ScatterChart margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis {...timeAxisProps(from, to)} />
          <YAxis
            dataKey="channel"
            type="category"
            allowDuplicatedCategory={false}
            width={120}
            fontSize={11}
          />
          <ZAxis range={[40, 40]} />
          <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} />
          <Tooltip
            formatter={(value, name) => (name === 'at' ? formatClock(Number(value)) : String(value))}
          />
          {(Object.keys(END_REASONS) as TQoeEndReason[]).map((reason) => (
            <Scatter
              key={reason}
              name={END_REASONS[reason].label}
              data={points.filter((point) => point.reason === reason)}
              fill={END_REASONS[reason].color}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ChartPanel>
      {rows.length > 0 ? (
        <Card flush>
          <DataTable<TQoeSession>
            caption="Playback sessions, last 24 hours"
            rows={rows}
            rowKey={(row) => row.sessionId}
            columns={[
              { key: 'at', header: 'Started', cell: (row) => formatDateTime(row.startedAt) },
              { key: 'channel', header: 'Channel', cell: (row) => channel(row.channelId) },
              {
                key: 'start',
                header: 'Video start',
                align: 'right',
                cell: (row) =>
                  row.videoStartTimeMs === null ? 'no first frame' : `${row.videoStartTimeMs} ms`,
              },
              {
                key: 'stalls',
                header: 'Stalls',
                align: 'right',
                cell: (row) => (row.stalls === 0 ? '0' : `${row.stalls} · ${seconds(row.stallMs)}`),
              },
              {
                key: 'errors',
                header: 'Errors',
                cell: (row) =>
                  row.errors.length === 0 ? (
                    '—'
                  ) : (
                    <span className="flex flex-wrap gap-1">
                      {row.errors.map((error) => (
                        <Badge key={`${error.at}:${error.code}`} tone={error.fatal ? 'danger' : 'warning'}>
                          {error.code} ({error.layer})
                        </Badge>
                      ))}
                    </span>
                  ),
              },
              {
                key: 'end',
                header: 'End',
                cell: (row) => (
                  <Badge tone={END_REASONS[row.endReason].tone}>{END_REASONS[row.endReason].label}</Badge>
                ),
              },
              {
                key: 'box',
                header: 'Box',
                cell: (row) => (
                  <span className="text-xs text-slate-600" title={row.boxModel}>
                    {modelNames.get(row.boxModel) ?? row.boxModel} · {row.firmware || 'firmware unknown'}
                  </span>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </section>
  );
}
