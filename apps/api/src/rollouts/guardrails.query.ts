// A wave's arms from the raw beacons (qoe_events_v1): per session first, so the rebuffering test can use the
// session as its unit (guardrails.stats.ts), then per arm. One query either way; README "Guardrails".
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import { z } from 'zod';
import type { TArmStats } from './guardrails';

export interface TWaveWindow {
  boxModel: string;
  /** The wave's firmware: its boxes are the treatment, the model's boxes on any other firmware the control. */
  targetFirmware: string;
  /** [from, to): sessions whose attempt falls inside, their events up to `to`. */
  from: Date;
  to: Date;
}

// One row per session of the model in the window; `treated` = on the target firmware.
const SESSIONS_SQL = `
sessions AS (
    SELECT
        session_id,
        any(device_id) AS device,
        any(firmware) = {firmware:String} AS treated,
        minIf(event_time, event_type = 'attempt') AS attempted_at,
        countIf(event_type = 'first_frame') > 0 AS played,
        countIf(event_type = 'error' AND fatal AND before_first_frame) > 0 AS vsf,
        countIf(event_type = 'error' AND fatal AND NOT before_first_frame) > 0 AS vpf,
        countIf(event_type = 'error') > 0 AS errored,
        toFloat64(sumIf(stall_ms, event_type = 'stall_end' AND NOT before_first_frame)) AS s,
        toFloat64(sumIf(playing_ms, event_type IN ('heartbeat', 'end'))) + s AS d
    FROM qoe_events_v1 FINAL
    WHERE box_model = {boxModel:String}
        AND event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
    GROUP BY session_id
    HAVING countIf(event_type = 'attempt') > 0
)`;

export const ARM_COLUMNS = `
    treated,
    count() AS attempts,
    countIf(vsf) AS video_start_failures,
    countIf(played) AS plays,
    countIf(played AND vpf) AS playback_failures,
    countIf(errored) AS errored_attempts,
    countIf(d > 0) AS n,
    sumIf(s, d > 0) AS sum_s,
    sumIf(d, d > 0) AS sum_d,
    sumIf(s * s, d > 0) AS sum_ss,
    sumIf(d * d, d > 0) AS sum_dd,
    sumIf(s * d, d > 0) AS sum_sd,
    uniqExact(device) AS devices`;

const ZCount = z.coerce.number().nonnegative();
const ZArmRowSchema = z.object({
  treated: z.coerce.number(),
  attempts: ZCount,
  video_start_failures: ZCount,
  plays: ZCount,
  playback_failures: ZCount,
  errored_attempts: ZCount,
  n: ZCount,
  sum_s: ZCount,
  sum_d: ZCount,
  sum_ss: ZCount,
  sum_dd: ZCount,
  sum_sd: ZCount,
  devices: ZCount,
});
type TArmRow = z.infer<typeof ZArmRowSchema>;

export const EMPTY_ARM: TArmStats = {
  attempts: 0,
  videoStartFailures: 0,
  plays: 0,
  playbackFailures: 0,
  erroredAttempts: 0,
  rebuffering: { n: 0, sumS: 0, sumD: 0, sumSS: 0, sumDD: 0, sumSD: 0 },
  devices: 0,
};

function toArm(row: TArmRow | undefined): TArmStats {
  if (!row) return EMPTY_ARM;
  return {
    attempts: row.attempts,
    videoStartFailures: row.video_start_failures,
    plays: row.plays,
    playbackFailures: row.playback_failures,
    erroredAttempts: row.errored_attempts,
    rebuffering: {
      n: row.n,
      sumS: row.sum_s,
      sumD: row.sum_d,
      sumSS: row.sum_ss,
      sumDD: row.sum_dd,
      sumSD: row.sum_sd,
    },
    devices: row.devices,
  };
}

const params = (window: TWaveWindow) => ({
  boxModel: window.boxModel,
  firmware: window.targetFirmware,
  from: window.from.getTime(),
  to: window.to.getTime(),
});

/** Runs an arms query (one row per `treated`) and reads its two arms. */
export async function readArms(
  clickhouse: TKetenClickHouse,
  query: string,
  queryParams: Record<string, string | number>,
): Promise<{ treatment: TArmStats; control: TArmStats }> {
  const result = await clickhouse.client.query({
    query: `${query}\nSETTINGS output_format_json_quote_64bit_integers = 0`,
    query_params: queryParams,
    format: 'JSONEachRow',
  });
  const rows = z.array(ZArmRowSchema).parse(await result.json());
  return {
    treatment: toArm(rows.find((row) => row.treated === 1)),
    control: toArm(rows.find((row) => row.treated === 0)),
  };
}

/** The wave's arms from the raw beacons alone (`waveArms` in guardrails.rollup.ts reads the whole hours from the rollup). */
export function waveArmsRaw(
  clickhouse: TKetenClickHouse,
  window: TWaveWindow,
): Promise<{ treatment: TArmStats; control: TArmStats }> {
  return readArms(
    clickhouse,
    `WITH ${SESSIONS_SQL}\nSELECT ${ARM_COLUMNS}\nFROM sessions\nGROUP BY treated`,
    params(window),
  );
}

export interface TComparePoint {
  /** Bucket start (sessions whose attempt falls in [at, at + step)). */
  at: Date;
  treatment: TArmStats;
  control: TArmStats;
}

const ZBucketRowSchema = ZArmRowSchema.extend({ bucket: z.coerce.number() });

/** The same arms per time bucket (empty buckets included), for the cohort-vs-control charts. */
export async function compareSeries(
  clickhouse: TKetenClickHouse,
  window: TWaveWindow & { stepSeconds: number },
): Promise<TComparePoint[]> {
  const stepMs = window.stepSeconds * 1000;
  const result = await clickhouse.client.query({
    query: `WITH ${SESSIONS_SQL}
SELECT intDiv(toUnixTimestamp64Milli(attempted_at) - {from:Int64}, {step:Int64}) AS bucket, ${ARM_COLUMNS}
FROM sessions
GROUP BY bucket, treated
SETTINGS output_format_json_quote_64bit_integers = 0`,
    query_params: { ...params(window), step: stepMs },
    format: 'JSONEachRow',
  });
  const rows = z.array(ZBucketRowSchema).parse(await result.json());
  const buckets = Math.max(0, Math.ceil((window.to.getTime() - window.from.getTime()) / stepMs));
  const points: TComparePoint[] = [];
  for (let index = 0; index < buckets; index++) {
    const at = new Date(window.from.getTime() + index * stepMs);
    const mine = rows.filter((row) => row.bucket === index);
    points.push({
      at,
      treatment: toArm(mine.find((row) => row.treated === 1)),
      control: toArm(mine.find((row) => row.treated === 0)),
    });
  }
  return points;
}
