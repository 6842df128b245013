'use client';

import { QOE_DIMENSIONS } from '@keten/contracts';
import { ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { marksInView } from '../alerts/alert-marks';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { BreakdownCard } from './breakdown-card';
import { ErrorCodesCard } from './error-codes-card';
import { KpiTiles } from './kpi-tiles';
import { QoeSeriesChart } from './qoe-series-chart';
import { QoeToolbar } from './qoe-toolbar';
import { withFilter } from './qoe-view';
import { useChannelNames } from './use-channel-names';
import { useLiveRange, useQoeView } from './use-qoe-view';

/** Refresh step of the tiles, the chart and its annotations (the tables follow every 30 s). */
const LIVE_MS = 10_000;
const TABLES_MS = 30_000;

/** The NOC's Live QoE page: tiles, a refreshing chart with feed events, breakdowns that drill down, error codes. */
export function QoeLive() {
  const trpc = useTRPC();
  const { view, setView } = useQoeView();
  const range = useLiveRange(view.range, LIVE_MS);
  const tablesRange = useLiveRange(view.range, TABLES_MS);
  const input = { ...range, filters: view.filters };
  const live = { placeholderData: keepPreviousData, refetchOnWindowFocus: false } as const;
  const kpis = useQuery({ ...trpc.qoe.kpis.queryOptions(input), ...live });
  const series = useQuery({ ...trpc.qoe.series.queryOptions(input), ...live });
  const annotations = useQuery({ ...trpc.qoe.annotations.queryOptions(input), ...live });
  const alertMarks = useQuery({ ...trpc.alerts.timeline.queryOptions(range), ...live });
  const channelNames = useChannelNames([
    ...(view.filters.channelId ?? []),
    ...(annotations.data?.channelIds ?? []),
  ]);
  const drill = (dimension: (typeof QOE_DIMENSIONS)[number], value: string) =>
    setView((current) => withFilter(current, dimension, value));
  return (
    <div className="space-y-5">
      <QoeToolbar view={view} setView={setView} page="live" channelNames={channelNames} />
      {kpis.isPending ? (
        <LoadingState variant="stats" rows={8} label="Loading the KPIs…" />
      ) : kpis.isError ? (
        <ErrorState
          title="The QoE store could not be read"
          message={describeQueryError(kpis.error)}
          onRetry={() => void kpis.refetch()}
          retrying={kpis.isFetching}
        />
      ) : (
        <KpiTiles kpis={kpis.data} />
      )}
      {series.isError ? (
        <ErrorState
          title="The time series could not be read"
          message={describeQueryError(series.error)}
          onRetry={() => void series.refetch()}
          retrying={series.isFetching}
        />
      ) : (
        <QoeSeriesChart
          series={series.data}
          annotations={annotations.data?.events ?? []}
          alertMarks={marksInView(alertMarks.data ?? [], view.filters)}
          metric={view.chart}
          onMetricChange={(chart) => setView((current) => ({ ...current, chart }))}
          loading={series.isPending}
        />
      )}
      {annotations.isError ? (
        <p role="alert" className="text-xs text-rose-700">
          Feed events could not be read: {describeQueryError(annotations.error)}
        </p>
      ) : null}
      <div className="grid items-start gap-5 xl:grid-cols-2">
        {QOE_DIMENSIONS.map((dimension) => (
          <BreakdownCard
            key={dimension}
            dimension={dimension}
            range={tablesRange}
            filters={view.filters}
            sparklineMetric={view.chart}
            channelNames={channelNames}
            onDrill={drill}
          />
        ))}
      </div>
      <ErrorCodesCard range={tablesRange} filters={view.filters} />
    </div>
  );
}
