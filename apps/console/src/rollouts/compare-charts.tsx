'use client';

import { GUARDRAIL_METRICS, type TGuardrailMetric } from '@keten/contracts';
import { Card, ChartPanel, EmptyState, ErrorState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../format';
import { formatAxisTime, formatPercent, timeAxisProps } from '../qoe/qoe-format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { GUARDRAIL_LABELS } from './rollout-format';
import type { TRolloutCompare } from './types';

const WAVE_COLOUR = '#0369a1';
const CONTROL_COLOUR = '#94a3b8';

/** Per guardrail metric, the wave's boxes against the control over the wave's window: the picture behind a halt. */
export function CompareCharts({ rolloutId, enabled }: { rolloutId: string; enabled: boolean }) {
  const trpc = useTRPC();
  const compare = useQuery({
    ...trpc.rollouts.compare.queryOptions({ id: rolloutId }),
    enabled,
    refetchInterval: 30_000,
  });
  if (!enabled) return null;
  if (compare.isError) {
    return (
      <ErrorState
        title="The cohort-versus-control charts could not be loaded"
        message={describeQueryError(compare.error)}
        onRetry={() => void compare.refetch()}
        retrying={compare.isFetching}
      />
    );
  }
  const nothingYet =
    compare.data?.points.every((point) => point.treatment.attempts === 0 && point.control.attempts === 0) ??
    false;
  if (nothingYet) {
    return (
      <section aria-label="Cohort versus control">
        <Card
          title="Cohort versus control"
          description="Per guardrail metric, the wave's boxes against the control."
        >
          <EmptyState
            title="No QoE beacons in this window yet"
            description={`Neither ${compare.data?.firmware ?? 'the new firmware'}'s boxes nor the control (${compare.data?.boxModel ?? 'the same model'} on other firmware) have reported plays since the wave started; the charts appear with the first beacons.`}
          />
        </Card>
      </section>
    );
  }
  return (
    <section aria-label="Cohort versus control" className="grid gap-5 lg:grid-cols-2">
      {GUARDRAIL_METRICS.map((metric) => (
        <MetricChart key={metric} metric={metric} data={compare.data} loading={compare.isPending} />
      ))}
    </section>
  );
}

function MetricChart({
  metric,
  data,
  loading,
}: {
  metric: TGuardrailMetric;
  data: TRolloutCompare | undefined;
  loading: boolean;
}) {
  const from = data ? new Date(data.from).getTime() : 0;
  const to = data ? new Date(data.to).getTime() : 1;
  const points = (data?.points ?? []).map((point) => ({
    at: new Date(point.at).getTime(),
    wave: point.treatment[metric],
    control: point.control[metric],
  }));
  const measured = points.some((point) => point.wave !== null || point.control !== null);
  const attempts = (data?.points ?? []).reduce(
    (sum, point) => ({
      wave: sum.wave + point.treatment.attempts,
      control: sum.control + point.control.attempts,
    }),
    { wave: 0, control: 0 },
  );
  const waveName = data ? `Wave (firmware ${data.firmware})` : 'Wave';
  return (
    <ChartPanel
      title={GUARDRAIL_LABELS[metric].label}
      description={
        data
          ? `${data.boxModel}: ${formatCount(attempts.wave)} attempt${attempts.wave === 1 ? '' : 's'} on ${data.firmware} against ${formatCount(attempts.control)} on other firmware`
          : undefined
      }
      height={220}
      loading={loading}
      empty={
        data && !measured
          ? {
              title: 'No QoE beacons in this window yet',
              description: 'The wave’s boxes and the control report within seconds of playing.',
            }
          : undefined
      }
    >
      <LineChart data={points} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...timeAxisProps(from, to)} />
        {/* From 0, and at least to 1 %: all-zero series would otherwise get an axis up to 400 %. */}
        <YAxis
          fontSize={11}
          width={64}
          domain={[0, (dataMax: number) => Math.max(dataMax * 1.2, 0.01)]}
          tickFormatter={(value: number) => formatPercent(value)}
        />
        <Tooltip
          labelFormatter={(value) => formatAxisTime(Number(value), to - from)}
          formatter={(value, name) => [formatPercent(typeof value === 'number' ? value : null), name]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          dataKey="wave"
          name={waveName}
          stroke={WAVE_COLOUR}
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="control"
          name="Control (same model, not updated)"
          stroke={CONTROL_COLOUR}
          strokeWidth={2}
          strokeDasharray="5 3"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartPanel>
  );
}
