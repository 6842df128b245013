-- Hourly QoE rollup: the same sums and histograms as qoe_minute_v2 per hour, for ranges beyond 6 hours (split by
-- every dimension, a minute keeps about a row per session playing in it; an hour folds those). Fed straight from qoe_events_v1 (not from the minute table) so each rollup
-- stands alone; the rows stored before the view existed are copied in once, as in 0004. Kept 395 days.
-- Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS qoe_hour_v1
(
    hour                     DateTime('UTC'),
    box_model                LowCardinality(String) COMMENT 'from the device token',
    firmware                 LowCardinality(String) COMMENT 'from the device token',
    app_version              LowCardinality(String) COMMENT 'the event''s, else the token''s',
    channel_id               LowCardinality(String),
    region                   LowCardinality(String),
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
ORDER BY (hour, box_model, firmware, channel_id, region, app_version, cdn_edge)
TTL hour + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_hour_v1
SELECT
    toStartOfHour(event_time) AS hour,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge,
    countIf(event_type = 'attempt') AS attempts,
    countIf(event_type = 'first_frame') AS first_frames,
    countIf(event_type = 'zap') AS zaps,
    countIf(event_type = 'error' AND fatal AND before_first_frame) AS video_start_failures,
    countIf(event_type = 'end' AND before_first_frame AND NOT fatal) AS exits_before_video_start,
    countIf(event_type = 'error' AND fatal AND NOT before_first_frame) AS playback_failures,
    countIf(event_type = 'error') AS errors,
    countIf(event_type = 'stall_end' AND NOT before_first_frame) AS stalls,
    sumIf(toUInt64(stall_ms), event_type = 'stall_end' AND NOT before_first_frame) AS stall_ms_sum,
    sumIf(toUInt64(playing_ms), event_type IN ('heartbeat', 'end')) AS playing_ms_sum,
    sumMapIf(map(toUInt32(round(start_ms, 2 - toInt32(floor(log10(greatest(start_ms, 1)))))), toUInt64(1)), event_type = 'first_frame') AS video_start_time_hist,
    sumMapIf(map(toUInt32(round(zap_ms, 2 - toInt32(floor(log10(greatest(zap_ms, 1)))))), toUInt64(1)), event_type = 'zap') AS zap_time_hist
FROM qoe_events_v1 FINAL
WHERE (SELECT count() FROM qoe_hour_v1) = 0
GROUP BY hour, box_model, firmware, app_version, channel_id, region, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_hour_mv_v1 TO qoe_hour_v1 AS
SELECT
    toStartOfHour(event_time) AS hour,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge,
    countIf(event_type = 'attempt') AS attempts,
    countIf(event_type = 'first_frame') AS first_frames,
    countIf(event_type = 'zap') AS zaps,
    countIf(event_type = 'error' AND fatal AND before_first_frame) AS video_start_failures,
    countIf(event_type = 'end' AND before_first_frame AND NOT fatal) AS exits_before_video_start,
    countIf(event_type = 'error' AND fatal AND NOT before_first_frame) AS playback_failures,
    countIf(event_type = 'error') AS errors,
    countIf(event_type = 'stall_end' AND NOT before_first_frame) AS stalls,
    sumIf(toUInt64(stall_ms), event_type = 'stall_end' AND NOT before_first_frame) AS stall_ms_sum,
    sumIf(toUInt64(playing_ms), event_type IN ('heartbeat', 'end')) AS playing_ms_sum,
    sumMapIf(map(toUInt32(round(start_ms, 2 - toInt32(floor(log10(greatest(start_ms, 1)))))), toUInt64(1)), event_type = 'first_frame') AS video_start_time_hist,
    sumMapIf(map(toUInt32(round(zap_ms, 2 - toInt32(floor(log10(greatest(zap_ms, 1)))))), toUInt64(1)), event_type = 'zap') AS zap_time_hist
FROM qoe_events_v1
GROUP BY hour, box_model, firmware, app_version, channel_id, region, cdn_edge;
