-- Concurrent plays: distinct boxes playing per minute, optionally per `value` of one dimension (by_value; `values`
-- keeps only those), then per bucket the peak and the mean of those minutes. Long ranges read every
-- sample_seconds-th minute only (sample_seconds = 60 reads all), from `first` on.
-- Two sources, one figure: a sampled minute the counting job has counted (its fleet row in qoe_concurrency_count_v1)
-- is read from its counts (a few rows: the fleet's, or the one dimension `count_dim` the read filters or splits by,
-- its `count_values`), when the read allows it (use_counts); every other sampled minute (not counted yet: the last
-- minute or two; or any, when the read filters more than one dimension) is counted here from the per-box rows of
-- qoe_concurrency_minute_v2. The minutes are listed, so the primary key reads only their granules (256 rows each).
SELECT
    value,
    bucket,
    max(playing) AS peak_n,
    avg(playing) AS mean_n,
    count() AS minutes_n
FROM
(
    SELECT
        if({by_value:Bool}, toString(value), '') AS v,
        minute,
        intDiv(toInt64(toUnixTimestamp(minute)) - {origin:Int64}, {bucket_seconds:UInt32}) AS bucket,
        -- Recounts only grow (per-box rows are only added): the largest copy is the latest, even within one second.
        max(playing) AS playing
    FROM qoe_concurrency_count_v1
    WHERE {use_counts:Bool}
        AND dimension = {count_dim:String}
        AND minute IN (SELECT toDateTime(arrayJoin(range({first:UInt32}, {to:UInt32}, {sample_seconds:UInt32})), 'UTC'))
        AND (empty({count_values:Array(String)}) OR has({count_values:Array(String)}, toString(value)))
    GROUP BY v, minute
    UNION ALL
    SELECT
        if({by_value:Bool}, toString({dim:Identifier}), '') AS v,
        minute,
        intDiv(toInt64(toUnixTimestamp(minute)) - {origin:Int64}, {bucket_seconds:UInt32}) AS bucket,
        toUInt32(uniqExact(device)) AS playing
    FROM qoe_concurrency_minute_v2
    WHERE minute IN (
            SELECT m
            FROM (SELECT toDateTime(arrayJoin(range({first:UInt32}, {to:UInt32}, {sample_seconds:UInt32})), 'UTC') AS m)
            WHERE NOT {use_counts:Bool} OR m NOT IN (
                SELECT minute
                FROM qoe_concurrency_count_v1
                WHERE dimension = ''
                    AND minute IN (SELECT toDateTime(arrayJoin(range({first:UInt32}, {to:UInt32}, {sample_seconds:UInt32})), 'UTC'))
            )
        )
        AND {{filters}}
        AND (empty({values:Array(String)}) OR has({values:Array(String)}, toString({dim:Identifier})))
    GROUP BY v, minute
)
GROUP BY v AS value, bucket
ORDER BY value, bucket
SETTINGS output_format_json_quote_64bit_integers = 0
