// A wave's arms read mostly from the per-session hour rollup (ClickHouse migration 0015, qoe_session_hour_v1): the
// whole hours inside [from, to) from the rollup, the two partial hours at the edges from the raw beacons (FINAL),
// merged per session before the arms, so the result equals the raw read (README "Guardrails: what a tick reads").
import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { TArmStats } from './guardrails';
import { ARM_COLUMNS, readArms, type TWaveWindow, waveArmsRaw } from './guardrails.query';

const HOUR_MS = 3_600_000;

/** The rollup's share of a window: whole hours [start, end), or none when the window holds no whole hour. */
export function rollupHours(window: Pick<TWaveWindow, 'from' | 'to'>): { start: number; end: number } | null {
  const start = Math.ceil(window.from.getTime() / HOUR_MS) * HOUR_MS;
  const end = Math.floor(window.to.getTime() / HOUR_MS) * HOUR_MS;
  return end > start ? { start, end } : null;
}

// Per session: its rollup rows of the whole hours and its raw events of the edges, one row per source row.
const SESSIONS_SQL = `
sessions AS (
    SELECT
        session_id,
        any(device) AS device,
        any(fw) = {firmware:String} AS treated,
        max(p) AS played,
        max(f_vsf) AS vsf,
        max(f_vpf) AS vpf,
        max(f_err) AS errored,
        toFloat64(sum(stall)) AS s,
        toFloat64(sum(playing)) + s AS d
    FROM (
        SELECT session_id, device_id AS device, firmware AS fw, attempted AS a, played AS p, vsf AS f_vsf,
            vpf AS f_vpf, errored AS f_err, stall_ms AS stall, playing_ms AS playing
        FROM qoe_session_hour_v1
        WHERE box_model = {boxModel:String}
            AND hour >= fromUnixTimestamp64Milli({hoursFrom:Int64}, 'UTC')
            AND hour < fromUnixTimestamp64Milli({hoursTo:Int64}, 'UTC')
        UNION ALL
        SELECT session_id, device_id, firmware, toUInt8(event_type = 'attempt'), toUInt8(event_type = 'first_frame'),
            toUInt8(event_type = 'error' AND fatal AND before_first_frame),
            toUInt8(event_type = 'error' AND fatal AND NOT before_first_frame), toUInt8(event_type = 'error'),
            if(event_type = 'stall_end' AND NOT before_first_frame, toUInt64(stall_ms), 0),
            if(event_type IN ('heartbeat', 'end'), toUInt64(playing_ms), 0)
        FROM qoe_events_v1 FINAL
        WHERE box_model = {boxModel:String}
            AND ((event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
                    AND event_time < fromUnixTimestamp64Milli({hoursFrom:Int64}, 'UTC'))
                OR (event_time >= fromUnixTimestamp64Milli({hoursTo:Int64}, 'UTC')
                    AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')))
    )
    GROUP BY session_id
    HAVING max(a) > 0
)`;

/** `waveArms` over the rollup for the whole hours; null when the window holds no whole hour (read it raw). */
export async function waveArmsFromRollup(
  clickhouse: TKetenClickHouse,
  window: TWaveWindow,
): Promise<{ treatment: TArmStats; control: TArmStats } | null> {
  const hours = rollupHours(window);
  if (!hours) return null;
  return readArms(
    clickhouse,
    `WITH ${SESSIONS_SQL}\nSELECT ${ARM_COLUMNS}\nFROM sessions\nGROUP BY treated`,
    {
      boxModel: window.boxModel,
      firmware: window.targetFirmware,
      from: window.from.getTime(),
      to: window.to.getTime(),
      hoursFrom: hours.start,
      hoursTo: hours.end,
    },
  );
}

/**
 * The wave's boxes (treatment) and the model's not-yet-updated boxes (control) over one window: the whole hours from
 * the per-session hour rollup and the edges from the raw beacons, the same figures as `waveArmsRaw`; a window
 * without a whole hour is read raw.
 */
export async function waveArms(
  clickhouse: TKetenClickHouse,
  window: TWaveWindow,
): Promise<{ treatment: TArmStats; control: TArmStats }> {
  return (await waveArmsFromRollup(clickhouse, window)) ?? waveArmsRaw(clickhouse, window);
}
