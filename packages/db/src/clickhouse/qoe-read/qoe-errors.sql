-- Error codes over [from, to) (qoe_errors_minute_v1): per code and layer, per bucket as in qoe-rollup-read.sql,
-- with how many were fatal, how many stopped a start (fatal before the first frame), and the boxes that reported
-- it (distinct within a row: add buckets' counts of errors, never of devices). `codes` limits the read to those.
SELECT
    error_code AS code,
    error_layer AS layer,
    intDiv(toInt64(toUnixTimestamp(minute)) - {origin:Int64}, {bucket_seconds:UInt32}) AS bucket,
    sum(errors) AS errors_n,
    sumIf(errors, fatal) AS fatal_n,
    sumIf(errors, fatal AND before_first_frame) AS start_failures_n,
    uniqMerge(devices) AS devices_n
FROM qoe_errors_minute_v1
WHERE minute >= toDateTime({from:Int64}, 'UTC')
    AND minute < toDateTime({to:Int64}, 'UTC')
    AND {{filters}}
    AND (empty({codes:Array(String)}) OR has({codes:Array(String)}, error_code))
GROUP BY code, layer, bucket
ORDER BY errors_n DESC, code, layer, bucket
LIMIT {limit:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 0
