-- Counts the listed minutes once: distinct boxes playing (qoe_concurrency_minute_v2) for the fleet (dimension '')
-- and per value of each single dimension, stamped counted_at = now() less `margin_s` (an insert's views may still be
-- landing rows of a minute already marked touched: such a minute is counted again on a later run). Rewriting a
-- minute adds rows with a later counted_at; merges keep the last, readers the largest (a count only grows).
INSERT INTO qoe_concurrency_count_v1 (minute, dimension, value, playing, counted_at)
SELECT
    minute,
    pair.1 AS dimension,
    pair.2 AS value,
    toUInt32(uniqExact(device)) AS playing,
    now() - {margin_s:UInt32} AS counted_at
FROM qoe_concurrency_minute_v2
ARRAY JOIN [
    ('', ''),
    ('box_model', toString(box_model)),
    ('firmware', toString(firmware)),
    ('app_version', toString(app_version)),
    ('channel_id', toString(channel_id)),
    ('region', toString(region)),
    ('cdn_edge', toString(cdn_edge))
] AS pair
WHERE minute IN (SELECT toDateTime(arrayJoin({minutes:Array(UInt32)}), 'UTC'))
GROUP BY minute, dimension, value
