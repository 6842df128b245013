-- Single-dimension minute rollup: the sums and histograms of qoe_minute_v2 (0004) for the whole fleet (dimension '')
-- and per value of each single dimension, per minute, fed from qoe_minute_v2's inserts (a cascade, as 0009 and
-- 0011 do from the hourly one) so every sum is exactly the minute rollup's. Up to 6 h the page reads minutes: without
-- filters or with one filtered dimension the tiles, the chart and each breakdown now read one row a minute for the
-- fleet, or a dimension's values, instead of about one row per session playing in it (every dimension split).
-- The minutes stored before this view existed are copied in once (while the table is empty), before the view exists.
-- Frozen once landed: change it through a new file and table version.

CREATE TABLE IF NOT EXISTS qoe_minute_dim_v1
(
    minute                   DateTime('UTC'),
    dimension                LowCardinality(String) COMMENT 'empty for the fleet, else the rollups'' column name',
    value                    LowCardinality(String) COMMENT 'the dimension''s value (empty for the fleet)',
    attempts                 SimpleAggregateFunction(sum, UInt64),
    first_frames             SimpleAggregateFunction(sum, UInt64) COMMENT 'plays: attempts that showed a first frame',
    zaps                     SimpleAggregateFunction(sum, UInt64),
    video_start_failures     SimpleAggregateFunction(sum, UInt64) COMMENT 'VSF: fatal error before first frame',
    exits_before_video_start SimpleAggregateFunction(sum, UInt64) COMMENT 'EBVS: ended without error before first frame',
    playback_failures        SimpleAggregateFunction(sum, UInt64) COMMENT 'VPF: fatal error after first frame',
    errors                   SimpleAggregateFunction(sum, UInt64),
    stalls                   SimpleAggregateFunction(sum, UInt64) COMMENT 'stalls after first frame',
    stall_ms_sum             SimpleAggregateFunction(sum, UInt64) COMMENT 'stall time after first frame',
    playing_ms_sum           SimpleAggregateFunction(sum, UInt64),
    video_start_time_hist    SimpleAggregateFunction(sumMap, Map(UInt32, UInt64)) COMMENT 'attempt to first frame: ms (3 significant digits) to count',
    zap_time_hist            SimpleAggregateFunction(sumMap, Map(UInt32, UInt64)) COMMENT 'key press to first frame of the new channel: ms (3 significant digits) to count'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (dimension, minute, value)
TTL minute + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_minute_dim_v1
SELECT
    minute AS minute,
    pair.1 AS dimension,
    pair.2 AS value,
    sum(attempts) AS attempts,
    sum(first_frames) AS first_frames,
    sum(zaps) AS zaps,
    sum(video_start_failures) AS video_start_failures,
    sum(exits_before_video_start) AS exits_before_video_start,
    sum(playback_failures) AS playback_failures,
    sum(errors) AS errors,
    sum(stalls) AS stalls,
    sum(stall_ms_sum) AS stall_ms_sum,
    sum(playing_ms_sum) AS playing_ms_sum,
    sumMap(video_start_time_hist) AS video_start_time_hist,
    sumMap(zap_time_hist) AS zap_time_hist
FROM qoe_minute_v2
ARRAY JOIN [
    ('', ''),
    ('box_model', toString(box_model)),
    ('firmware', toString(firmware)),
    ('app_version', toString(app_version)),
    ('channel_id', toString(channel_id)),
    ('region', toString(region)),
    ('cdn_edge', toString(cdn_edge))
] AS pair
WHERE (SELECT count() FROM qoe_minute_dim_v1) = 0
GROUP BY minute, dimension, value;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_minute_dim_mv_v1 TO qoe_minute_dim_v1 AS
SELECT
    minute AS minute,
    pair.1 AS dimension,
    pair.2 AS value,
    sum(attempts) AS attempts,
    sum(first_frames) AS first_frames,
    sum(zaps) AS zaps,
    sum(video_start_failures) AS video_start_failures,
    sum(exits_before_video_start) AS exits_before_video_start,
    sum(playback_failures) AS playback_failures,
    sum(errors) AS errors,
    sum(stalls) AS stalls,
    sum(stall_ms_sum) AS stall_ms_sum,
    sum(playing_ms_sum) AS playing_ms_sum,
    sumMap(video_start_time_hist) AS video_start_time_hist,
    sumMap(zap_time_hist) AS zap_time_hist
FROM qoe_minute_v2
ARRAY JOIN [
    ('', ''),
    ('box_model', toString(box_model)),
    ('firmware', toString(firmware)),
    ('app_version', toString(app_version)),
    ('channel_id', toString(channel_id)),
    ('region', toString(region)),
    ('cdn_edge', toString(cdn_edge))
] AS pair
GROUP BY minute, dimension, value;
