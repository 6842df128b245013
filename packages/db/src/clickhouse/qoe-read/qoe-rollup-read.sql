-- QoE sums and start/zap time percentiles from a rollup over [from, to), per `value` of one dimension (by_value) and
-- per bucket: bucket n covers origin + n·bucket_seconds. Rows come from a fine table (a minute or hourly rollup, by
-- its time column) except for the whole UTC days listed in `days`, which come from its day table (each such day lies
-- within one bucket: qoe-rollup-source.ts); {{columns}} are the family's dimensions and sums, the same in both; in the
-- single-dimension family {{slice}} keeps one dimension's rows (or the fleet's), its value named as that column.
-- One read serves the KPI tiles (two buckets: the previous period and this one), the time series (many buckets),
-- the breakdowns (by value, one bucket) and their sparklines (by value and bucket, only the listed values).
-- Percentiles are nearest ranks over the merged histograms, at {{levels}} (p50/p95, or a ladder for confidence
-- intervals); null where there was no sample, or when with_percentiles is off (a sparkline of a count or ratio
-- skips merging the histograms, the costliest part).
SELECT
    value,
    bucket,
    attempts_n,
    plays_n,
    zaps_n,
    vsf_n,
    ebvs_n,
    vpf_n,
    errors_n,
    stalls_n,
    stall_ms_n,
    playing_ms_n,
    arrayMap(
        level -> if(start_cum[-1] = 0, NULL, mapKeys(start_hist)[arrayFirstIndex(c -> c >= ceil(level * start_cum[-1] - 1e-9), start_cum)]),
        [{{levels}}]
    ) AS video_start_time_q,
    arrayMap(
        level -> if(zap_cum[-1] = 0, NULL, mapKeys(zap_hist)[arrayFirstIndex(c -> c >= ceil(level * zap_cum[-1] - 1e-9), zap_cum)]),
        [{{levels}}]
    ) AS zap_time_q
FROM
(
    SELECT
        if({by_value:Bool}, toString({dim:Identifier}), '') AS value,
        intDiv(toInt64(toUnixTimestamp(t)) - {origin:Int64}, {bucket_seconds:UInt32}) AS bucket,
        sum(attempts) AS attempts_n,
        sum(first_frames) AS plays_n,
        sum(zaps) AS zaps_n,
        sum(video_start_failures) AS vsf_n,
        sum(exits_before_video_start) AS ebvs_n,
        sum(playback_failures) AS vpf_n,
        sum(errors) AS errors_n,
        sum(stalls) AS stalls_n,
        sum(stall_ms_sum) AS stall_ms_n,
        sum(playing_ms_sum) AS playing_ms_n,
        sumMapIf(video_start_time_hist, {with_percentiles:Bool}) AS start_hist,
        arrayCumSum(mapValues(start_hist)) AS start_cum,
        sumMapIf(zap_time_hist, {with_percentiles:Bool}) AS zap_hist,
        arrayCumSum(mapValues(zap_hist)) AS zap_cum
    FROM
    (
        SELECT {time:Identifier} AS t, {{columns}}
        FROM {table:Identifier}
        PREWHERE {{slice}} {time:Identifier} >= toDateTime({from:Int64}, 'UTC')
            AND {time:Identifier} < toDateTime({to:Int64}, 'UTC')
            AND NOT has({days:Array(UInt32)}, toUnixTimestamp(toStartOfDay({time:Identifier})))
        WHERE {{filters}}
            AND (empty({values:Array(String)}) OR has({values:Array(String)}, toString({dim:Identifier})))
        UNION ALL
        SELECT day AS t, {{columns}}
        FROM {day_table:Identifier}
        PREWHERE {{slice}} notEmpty({days:Array(UInt32)})
            AND day >= toDateTime({from:Int64}, 'UTC')
            AND day < toDateTime({to:Int64}, 'UTC')
            AND has({days:Array(UInt32)}, toUnixTimestamp(day))
        WHERE {{filters}}
            AND (empty({values:Array(String)}) OR has({values:Array(String)}, toString({dim:Identifier})))
    )
    GROUP BY value, bucket
)
ORDER BY value, bucket
LIMIT {limit:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 0
