-- Rollups for long ranges and narrow views, derived from qoe_hour_v1 (0005): its materialized view's output blocks
-- feed these views (a cascade), so every sum and histogram here is exactly the hourly one's, summed further.
--   qoe_day_v1           per UTC day, every dimension: the whole days inside a long range (hours only at its edges);
--   qoe_hour_box_v1      per hour, without the channel (box model, firmware, region, app version, edge);
--   qoe_day_box_v1       the same per day;
--   qoe_hour_channel_v1  per hour, channel x box model x firmware only;
--   qoe_day_channel_v1   the same per day.
-- A read takes the smallest table holding every dimension it filters or splits by (qoe-read/qoe-plan.ts): the tiles
-- and the chart without a channel filter fold ~60x fewer rows than the all-dimension tables at the bench's fleet size.
-- The hourly rows stored before these views existed are copied in once (only while the table is empty, so a retried
-- migration stays a no-op), before the view exists, so nothing is counted twice.
--
-- Concurrent plays, version 2: qoe_concurrency_minute_v1's rows keyed by the dimensions before the box, in granules
-- of 256 rows (a minute holds thousands of rows at fleet size): a long range reads only its sampled minutes (by
-- primary key, no longer every row of the range) and a filter skips the other values' granules. Its view is
-- created first and the copy of v1 runs after: both are ReplacingMergeTree on the same columns, so a row written
-- twice folds, and the count (uniqExact of the box) never sees it twice. v1 stops being fed (its view dropped) and
-- stays until its TTL empties it, read by nothing.
-- Frozen once landed: change it through a new file and table version.

CREATE TABLE IF NOT EXISTS qoe_day_v1
(
    day                      DateTime('UTC'),
    box_model                LowCardinality(String) COMMENT 'from the device token',
    firmware                 LowCardinality(String) COMMENT 'from the device token',
    channel_id               LowCardinality(String),
    region                   LowCardinality(String),
    app_version              LowCardinality(String) COMMENT 'the event''s, else the token''s',
    cdn_edge                 LowCardinality(String) COMMENT 'delivery edge',
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
PARTITION BY toYYYYMM(day)
ORDER BY (day, box_model, firmware, channel_id, region, app_version, cdn_edge)
TTL day + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_day_v1
SELECT
    toStartOfDay(hour) AS day,
    box_model,
    firmware,
    channel_id,
    region,
    app_version,
    cdn_edge,
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
FROM qoe_hour_v1
WHERE (SELECT count() FROM qoe_day_v1) = 0
GROUP BY day, box_model, firmware, channel_id, region, app_version, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_day_mv_v1 TO qoe_day_v1 AS
SELECT
    toStartOfDay(hour) AS day,
    box_model,
    firmware,
    channel_id,
    region,
    app_version,
    cdn_edge,
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
FROM qoe_hour_v1
GROUP BY day, box_model, firmware, channel_id, region, app_version, cdn_edge;

CREATE TABLE IF NOT EXISTS qoe_hour_box_v1
(
    hour                     DateTime('UTC'),
    box_model                LowCardinality(String) COMMENT 'from the device token',
    firmware                 LowCardinality(String) COMMENT 'from the device token',
    region                   LowCardinality(String),
    app_version              LowCardinality(String) COMMENT 'the event''s, else the token''s',
    cdn_edge                 LowCardinality(String) COMMENT 'delivery edge',
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
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, box_model, firmware, region, app_version, cdn_edge)
TTL hour + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_hour_box_v1
SELECT
    hour,
    box_model,
    firmware,
    region,
    app_version,
    cdn_edge,
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
FROM qoe_hour_v1
WHERE (SELECT count() FROM qoe_hour_box_v1) = 0
GROUP BY hour, box_model, firmware, region, app_version, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_hour_box_mv_v1 TO qoe_hour_box_v1 AS
SELECT
    hour,
    box_model,
    firmware,
    region,
    app_version,
    cdn_edge,
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
FROM qoe_hour_v1
GROUP BY hour, box_model, firmware, region, app_version, cdn_edge;

CREATE TABLE IF NOT EXISTS qoe_day_box_v1
(
    day                      DateTime('UTC'),
    box_model                LowCardinality(String) COMMENT 'from the device token',
    firmware                 LowCardinality(String) COMMENT 'from the device token',
    region                   LowCardinality(String),
    app_version              LowCardinality(String) COMMENT 'the event''s, else the token''s',
    cdn_edge                 LowCardinality(String) COMMENT 'delivery edge',
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
PARTITION BY toYYYYMM(day)
ORDER BY (day, box_model, firmware, region, app_version, cdn_edge)
TTL day + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_day_box_v1
SELECT
    toStartOfDay(hour) AS day,
    box_model,
    firmware,
    region,
    app_version,
    cdn_edge,
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
FROM qoe_hour_v1
WHERE (SELECT count() FROM qoe_day_box_v1) = 0
GROUP BY day, box_model, firmware, region, app_version, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_day_box_mv_v1 TO qoe_day_box_v1 AS
SELECT
    toStartOfDay(hour) AS day,
    box_model,
    firmware,
    region,
    app_version,
    cdn_edge,
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
FROM qoe_hour_v1
GROUP BY day, box_model, firmware, region, app_version, cdn_edge;

CREATE TABLE IF NOT EXISTS qoe_hour_channel_v1
(
    hour                     DateTime('UTC'),
    channel_id               LowCardinality(String),
    box_model                LowCardinality(String) COMMENT 'from the device token',
    firmware                 LowCardinality(String) COMMENT 'from the device token',
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
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, channel_id, box_model, firmware)
TTL hour + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_hour_channel_v1
SELECT
    hour,
    channel_id,
    box_model,
    firmware,
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
FROM qoe_hour_v1
WHERE (SELECT count() FROM qoe_hour_channel_v1) = 0
GROUP BY hour, channel_id, box_model, firmware;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_hour_channel_mv_v1 TO qoe_hour_channel_v1 AS
SELECT
    hour,
    channel_id,
    box_model,
    firmware,
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
FROM qoe_hour_v1
GROUP BY hour, channel_id, box_model, firmware;

CREATE TABLE IF NOT EXISTS qoe_day_channel_v1
(
    day                      DateTime('UTC'),
    channel_id               LowCardinality(String),
    box_model                LowCardinality(String) COMMENT 'from the device token',
    firmware                 LowCardinality(String) COMMENT 'from the device token',
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
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel_id, box_model, firmware)
TTL day + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_day_channel_v1
SELECT
    toStartOfDay(hour) AS day,
    channel_id,
    box_model,
    firmware,
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
FROM qoe_hour_v1
WHERE (SELECT count() FROM qoe_day_channel_v1) = 0
GROUP BY day, channel_id, box_model, firmware;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_day_channel_mv_v1 TO qoe_day_channel_v1 AS
SELECT
    toStartOfDay(hour) AS day,
    channel_id,
    box_model,
    firmware,
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
FROM qoe_hour_v1
GROUP BY day, channel_id, box_model, firmware;

CREATE TABLE IF NOT EXISTS qoe_concurrency_minute_v2
(
    minute      DateTime('UTC'),
    box_model   LowCardinality(String),
    firmware    LowCardinality(String),
    region      LowCardinality(String),
    app_version LowCardinality(String),
    cdn_edge    LowCardinality(String),
    channel_id  LowCardinality(String),
    device      UInt64 COMMENT 'cityHash64(device_id)'
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, box_model, firmware, region, app_version, cdn_edge, channel_id, device)
TTL minute + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1, index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_concurrency_minute_mv_v2 TO qoe_concurrency_minute_v2 AS
SELECT
    toStartOfMinute(event_time) AS minute,
    box_model,
    firmware,
    region,
    app_version,
    cdn_edge,
    channel_id,
    cityHash64(device_id) AS device
FROM qoe_events_v1
WHERE event_type != 'attempt' AND NOT before_first_frame
GROUP BY minute, box_model, firmware, region, app_version, cdn_edge, channel_id, device;

INSERT INTO qoe_concurrency_minute_v2
SELECT minute, box_model, firmware, region, app_version, cdn_edge, channel_id, device
FROM qoe_concurrency_minute_v1
GROUP BY minute, box_model, firmware, region, app_version, cdn_edge, channel_id, device;

DROP VIEW IF EXISTS qoe_concurrency_minute_mv_v1;
