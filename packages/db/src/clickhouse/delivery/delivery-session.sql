-- One session's deliveries (CMCD sid = the beacon session id), oldest first.
SELECT
    toUnixTimestamp64Milli(event_time) AS time,
    source,
    edge_id,
    cache_status,
    device_id,
    channel_id,
    content_id,
    object,
    rendition,
    path,
    status,
    bytes,
    ttfb_ms
FROM delivery_events_v2 FINAL
WHERE session_id = {session:String}
ORDER BY event_time
LIMIT 10000
SETTINGS output_format_json_quote_64bit_integers = 0
