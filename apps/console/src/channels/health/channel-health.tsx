'use client';

import { Badge, ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { describeQueryError } from '../../trpc/errors';
import { useTRPC } from '../../trpc/react';
import { STATE_TONES } from '../labels';
import { HEALTH_POLL_MS } from './health-format';
import { IngestEventsTable } from './ingest-events-table';
import { IngestTimeline, type TTimelineWindow } from './ingest-timeline';
import { LiveIngestCard } from './live-ingest-card';
import { QcSettingsForm } from './qc-settings-form';
import { SourcesCard } from './sources-card';

/**
 * A channel's feed health: what is on air, every source with its last check and probe, the live ingest job,
 * the ingest/QC timeline (15 min to 6 h) and the QC thresholds. Refreshes every 5 s while visible.
 */
export function ChannelHealth({ id, canOperate }: { id: string; canOperate: boolean }) {
  const trpc = useTRPC();
  const [windowMinutes, setWindowMinutes] = useState<TTimelineWindow>(60);
  // Whole minutes, so the query key (and with it the cache) changes once a minute, not on every render.
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const health = useQuery({
    ...trpc.channels.health.queryOptions({ id, from: new Date(minute - windowMinutes * 60_000) }),
    refetchInterval: HEALTH_POLL_MS,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  if (health.isPending) return <LoadingState rows={8} label="Loading the channel’s health…" />;
  if (health.isError)
    return (
      <ErrorState
        title="The channel’s health could not be loaded"
        message={describeQueryError(health.error)}
        onRetry={() => void health.refetch()}
        retrying={health.isFetching}
      />
    );
  const data = health.data;
  return (
    <div className="space-y-5">
      <p className="flex items-center gap-2 text-sm text-slate-700">
        <span className="font-semibold text-slate-900">{data.channel.name}</span>
        <span className="tabular-nums">LCN {data.channel.lcn}</span>
        <Badge tone={STATE_TONES[data.channel.state]}>{data.channel.state.toLowerCase()}</Badge>
      </p>
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <LiveIngestCard health={data} canOperate={canOperate} />
        <div className="xl:col-span-2">
          <SourcesCard health={data} canOperate={canOperate} />
        </div>
      </div>
      <IngestTimeline
        health={data}
        loading={false}
        windowMinutes={windowMinutes}
        onWindowChange={setWindowMinutes}
      />
      <IngestEventsTable health={data} />
      <QcSettingsForm
        key={data.channel.id}
        channelId={data.channel.id}
        settings={data.qcSettings}
        canEdit={canOperate}
      />
    </div>
  );
}
