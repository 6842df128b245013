-- delivery-edges.sql over the per-minute rollup (0014's delivery_edge_minute_v1): the delivery view's ranges longer
-- than 6 h read one row per minute, edge, channel and rendition instead of every request. [from, to) is cut to
-- whole minutes; sessions and boxes are uniq's estimates (within about 2 %), not exact counts.
SELECT
    {group:Identifier} AS key,
    sum(requests) AS requests_n,
    sum(hits) AS hits_n,
    sum(verdicts) AS verdicts_n,
    sum(errors) AS errors_n,
    quantilesMerge(0.5, 0.95)(ttfb)[1] AS ttfb_p50,
    quantilesMerge(0.5, 0.95)(ttfb)[2] AS ttfb_p95,
    sum(bytes) AS bytes_n,
    uniqMerge(sessions) AS sessions_n,
    uniqMerge(devices) AS devices_n
FROM delivery_edge_minute_v1
WHERE minute >= toStartOfMinute(fromUnixTimestamp64Milli({from:Int64}, 'UTC'))
    AND minute < toStartOfMinute(fromUnixTimestamp64Milli({to:Int64}, 'UTC'))
    AND ({edge:String} = '' OR edge_id = if({edge:String} = '-', '', {edge:String}))
GROUP BY key
ORDER BY requests_n DESC, key
LIMIT 200
SETTINGS output_format_json_quote_64bit_integers = 0
