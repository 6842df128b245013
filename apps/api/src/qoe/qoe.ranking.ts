import type { TQoeRankedMetric } from '@keten/contracts';
import {
  planQoeRange,
  QOE_LADDER_LEVELS,
  qoeValues,
  readQoeRollup,
  type TKetenClickHouse,
  type TQoeRollupRow,
} from '@keten/db/clickhouse';
import { quantileInterval, rateInterval, rebufferingInterval, type TInterval } from './qoe.confidence';
import type { TQoeRanking } from './qoe.schema';
import { describePlan } from './qoe.service';

// A stall of about this length when the whole view has none (rebufferingInterval's rule of three).
const DEFAULT_STALL_MS = 1500;

export type TRankedFigure = {
  value: number | null;
  interval: TInterval | null;
  /** Samples behind the figure: attempts (VSF, EBVS), plays (VST, VPF, rebuffering) or zaps (zap time). */
  sample: number;
  tooSmall: boolean;
};

/** Every ranked metric of one row with its interval; a row's figures are all there for an A-vs-B view. */
function figures(row: TQoeRollupRow, minSample: number, typicalStallMs: number) {
  const values = qoeValues(row);
  const figure = (value: number | null, interval: TInterval | null, sample: number): TRankedFigure => ({
    value,
    interval: value === null ? null : interval,
    sample,
    tooSmall: sample < minSample,
  });
  const start = (level: number) =>
    quantileInterval(row.videoStartTimeQuantiles, QOE_LADDER_LEVELS, level, row.plays);
  const zap = (level: number) => quantileInterval(row.zapTimeQuantiles, QOE_LADDER_LEVELS, level, row.zaps);
  return {
    videoStartTimeP50: figure(values.videoStartTimeP50, start(0.5), row.plays),
    videoStartTimeP95: figure(values.videoStartTimeP95, start(0.95), row.plays),
    zapTimeP50: figure(values.zapTimeP50, zap(0.5), row.zaps),
    zapTimeP95: figure(values.zapTimeP95, zap(0.95), row.zaps),
    rebufferingRatio: figure(
      values.rebufferingRatio,
      rebufferingInterval(row.stalls, row.stallMs, row.playingMs, typicalStallMs),
      row.plays,
    ),
    vsfRate: figure(values.vsfRate, rateInterval(row.videoStartFailures, row.attempts), row.attempts),
    ebvsRate: figure(values.ebvsRate, rateInterval(row.exitsBeforeVideoStart, row.attempts), row.attempts),
    vpfRate: figure(values.vpfRate, rateInterval(row.playbackFailures, row.plays), row.plays),
  } satisfies Record<TQoeRankedMetric, TRankedFigure>;
}

/**
 * "Which box types buffer more, which firmware breaks?": a dimension's values ranked worst first by `metric` (every
 * ranked metric is worse when higher), each with a 95 % interval. Rows whose sample is under `minSample` are marked
 * `tooSmall` and ranked after the trusted ones, so a handful of boxes cannot top the list by chance.
 * Firmware A vs B within one model: dimension `firmware`, filters `{ boxModel: [model] }`.
 */
export async function qoeRanking(clickhouse: TKetenClickHouse, input: TQoeRanking) {
  const plan = planQoeRange(input.from, input.to);
  const rows = await readQoeRollup(clickhouse.client, {
    ...plan,
    origin: plan.from,
    bucketSeconds: plan.to - plan.from,
    filters: input.filters,
    dimension: input.dimension,
    levels: 'ladder',
  });
  const stalls = rows.reduce((sum, row) => sum + row.stalls, 0);
  const stallMs = rows.reduce((sum, row) => sum + row.stallMs, 0);
  const typicalStallMs = stalls > 0 ? stallMs / stalls : DEFAULT_STALL_MS;
  const ranked = rows
    .map((row) => ({ value: row.value, figures: figures(row, input.minSample, typicalStallMs) }))
    .sort((a, b) => {
      const [x, y] = [a.figures[input.metric], b.figures[input.metric]];
      if (x.tooSmall !== y.tooSmall) return x.tooSmall ? 1 : -1;
      return (y.value ?? -1) - (x.value ?? -1) || a.value.localeCompare(b.value);
    })
    .slice(0, input.limit);
  return {
    range: describePlan(plan),
    dimension: input.dimension,
    metric: input.metric,
    minSample: input.minSample,
    rows: ranked.map((row, index) => ({ rank: index + 1, ...row })),
  };
}
