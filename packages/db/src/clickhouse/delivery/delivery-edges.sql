-- Delivery over [from, to) per edge (or, drilling into one edge, per channel or rendition): requests, cache hit
-- ratio (HIT / all cache verdicts; the origin's own answers carry ORIGIN and count as no verdict), error rate
-- (status >= 400), TTFB p50/p95, bytes, distinct sessions (CMCD sid) and boxes. `edge` limits to one edge
-- ('' = all; '-' = the origin answering boxes directly).
SELECT
    {group:Identifier} AS key,
    count() AS requests_n,
    countIf(cache_status = 'HIT') AS hits_n,
    countIf(cache_status IN ('HIT', 'MISS', 'STALE', 'EXPIRED', 'BYPASS')) AS verdicts_n,
    countIf(status >= 400) AS errors_n,
    quantile(0.5)(ttfb_ms) AS ttfb_p50,
    quantile(0.95)(ttfb_ms) AS ttfb_p95,
    sum(bytes) AS bytes_n,
    uniqExactIf(session_id, session_id != '') AS sessions_n,
    uniqExactIf(device_id, device_id != '') AS devices_n
FROM delivery_events_v2 FINAL
WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
    AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
    AND ({edge:String} = '' OR edge_id = if({edge:String} = '-', '', {edge:String}))
GROUP BY key
ORDER BY requests_n DESC, key
LIMIT 200
SETTINGS output_format_json_quote_64bit_integers = 0
