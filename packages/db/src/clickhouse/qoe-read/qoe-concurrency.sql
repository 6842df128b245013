-- Concurrent plays: distinct boxes playing per minute (qoe_concurrency_minute_v2), optionally per `value` of one
-- dimension (by_value; `values` keeps only those), then per bucket the peak and the mean of those minutes. Long
-- ranges read every sample_seconds-th minute only (sample_seconds = 60 reads all), from `first` on: the minutes are
-- listed, so the primary key reads only their granules (256 rows each) and the filters skip other values' granules.
SELECT
    value,
    bucket,
    max(playing) AS peak_n,
    avg(playing) AS mean_n,
    count() AS minutes_n
FROM
(
    SELECT
        if({by_value:Bool}, toString({dim:Identifier}), '') AS value,
        minute,
        intDiv(toInt64(toUnixTimestamp(minute)) - {origin:Int64}, {bucket_seconds:UInt32}) AS bucket,
        uniqExact(device) AS playing
    FROM qoe_concurrency_minute_v2
    WHERE minute IN (SELECT toDateTime(arrayJoin(range({first:UInt32}, {to:UInt32}, {sample_seconds:UInt32})), 'UTC'))
        AND {{filters}}
        AND (empty({values:Array(String)}) OR has({values:Array(String)}, toString({dim:Identifier})))
    GROUP BY value, minute
)
GROUP BY value, bucket
ORDER BY value, bucket
SETTINGS output_format_json_quote_64bit_integers = 0
