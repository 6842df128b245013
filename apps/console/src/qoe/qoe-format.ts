import type { TQoeDimension, TQoeMetric } from '@keten/contracts';
import { timeTicks } from '../channels/health/health-format';
import { formatCount, formatDateTime, formatTime } from '../format';

type TUnit = 'count' | 'ms' | 'ratio';

/** Each KPI in the operator's words, its unit, and whether a rise is bad news (for the tiles' change colour). */
export const METRIC_INFO: Record<
  TQoeMetric,
  { label: string; short: string; unit: TUnit; worseWhenUp: boolean }
> = {
  attempts: { label: 'Attempts', short: 'Attempts', unit: 'count', worseWhenUp: false },
  plays: { label: 'Plays', short: 'Plays', unit: 'count', worseWhenUp: false },
  concurrentPlays: {
    label: 'Concurrent plays (peak)',
    short: 'Concurrent',
    unit: 'count',
    worseWhenUp: false,
  },
  videoStartTimeP50: { label: 'Video start time p50', short: 'VST p50', unit: 'ms', worseWhenUp: true },
  videoStartTimeP95: { label: 'Video start time p95', short: 'VST p95', unit: 'ms', worseWhenUp: true },
  zapTimeP50: { label: 'Zap time p50', short: 'Zap p50', unit: 'ms', worseWhenUp: true },
  zapTimeP95: { label: 'Zap time p95', short: 'Zap p95', unit: 'ms', worseWhenUp: true },
  rebufferingRatio: { label: 'Rebuffering ratio', short: 'Rebuffering', unit: 'ratio', worseWhenUp: true },
  vsfRate: { label: 'Video start failures (VSF)', short: 'VSF', unit: 'ratio', worseWhenUp: true },
  ebvsRate: { label: 'Exits before video start (EBVS)', short: 'EBVS', unit: 'ratio', worseWhenUp: true },
  vpfRate: { label: 'Playback failures (VPF)', short: 'VPF', unit: 'ratio', worseWhenUp: true },
};

export const DIMENSION_LABELS: Record<TQoeDimension, string> = {
  boxModel: 'Box model',
  firmware: 'Firmware',
  channelId: 'Channel',
  region: 'Region',
  appVersion: 'App version',
  cdnEdge: 'Edge',
};

/** A metric's value for people: "1,204", "850 ms", "1.3 s", "2.41 %"; an em dash where nothing was measured. */
export function formatMetric(metric: TQoeMetric, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const unit = METRIC_INFO[metric].unit;
  if (unit === 'count') return formatCount(value);
  if (unit === 'ms')
    return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${formatCount(Math.round(value))} ms`;
  return formatPercent(value);
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  const percent = ratio * 100;
  return `${percent < 10 ? percent.toFixed(2) : percent.toFixed(1)} %`;
}

/** The change against the previous period: "+12.0 %", "−3.4 %", or "no earlier data". */
export function formatChange(change: number | null): string {
  if (change === null) return 'no earlier data';
  const percent = change * 100;
  if (Math.abs(percent) < 0.05) return '±0 %';
  return `${percent > 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)} %`;
}

/** Whether a change is good, bad or neither for this metric. */
export function changeTone(metric: TQoeMetric, change: number | null): 'good' | 'bad' | 'flat' {
  if (change === null || Math.abs(change) < 0.005) return 'flat';
  const up = change > 0;
  const info = METRIC_INFO[metric];
  if (info.unit === 'count') return 'flat';
  return up === info.worseWhenUp ? 'bad' : 'good';
}

/** A dimension value as shown: channels and box models by name when known, an empty value as "unknown". */
export function dimensionValueLabel(
  dimension: TQoeDimension,
  value: string,
  channelNames: ReadonlyMap<string, string>,
  firmwareLabels: ReadonlyMap<string, string> = new Map(),
  modelNames: ReadonlyMap<string, string> = new Map(),
): string {
  if (value === '') return 'unknown';
  if (dimension === 'channelId') return channelNames.get(value) ?? value;
  if (dimension === 'boxModel') return modelNames.get(value) ?? value;
  return dimension === 'firmware' ? (firmwareLabels.get(value) ?? value) : value;
}

/** Axis ticks: a clock time within a day, the date with it beyond (the console's one format, format.ts). */
export function formatAxisTime(value: number, spanMs: number): string {
  return spanMs > 86_400_000 ? formatDateTime(value) : formatTime(value);
}

/** A Recharts XAxis over [from, to] in epoch ms (`dataKey` "at"), with round clock ticks: every QoE time chart's. */
export function timeAxisProps(from: number, to: number) {
  return {
    dataKey: 'at',
    type: 'number' as const,
    scale: 'time' as const,
    domain: [from, to],
    ticks: timeTicks(from, to),
    tickFormatter: (value: number) => formatAxisTime(value, to - from),
    fontSize: 11,
  };
}
