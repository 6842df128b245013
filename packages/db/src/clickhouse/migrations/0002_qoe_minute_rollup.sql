-- Per-minute QoE rollup per box model x firmware x channel x region, fed by a materialized view on every
-- insert into qoe_events_v1 (rows inserted before the view existed are not in it). Ratios are computed
-- when reading (../qoe/qoe-definitions.ts), so only sums, counts and quantile states are stored here.
CREATE TABLE IF NOT EXISTS qoe_minute_v1
(
    minute                   DateTime('UTC'),
    box_model                LowCardinality(String),
    firmware                 LowCardinality(String),
    channel_id               LowCardinality(String),
    region                   LowCardinality(String),
    attempts                 SimpleAggregateFunction(sum, UInt64),
    first_frames             SimpleAggregateFunction(sum, UInt64),
    zaps                     SimpleAggregateFunction(sum, UInt64),
    video_start_failures     SimpleAggregateFunction(sum, UInt64) COMMENT 'VSF: fatal error before first frame',
    exits_before_video_start SimpleAggregateFunction(sum, UInt64) COMMENT 'EBVS: ended without error before first frame',
    playback_failures        SimpleAggregateFunction(sum, UInt64) COMMENT 'VPF: fatal error after first frame',
    errors                   SimpleAggregateFunction(sum, UInt64),
    stall_ms_sum             SimpleAggregateFunction(sum, UInt64) COMMENT 'stall time after first frame',
    playing_ms_sum           SimpleAggregateFunction(sum, UInt64),
    video_start_time_ms      AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), UInt32),
    zap_time_ms              AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), UInt32)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, box_model, firmware, channel_id, region)
TTL minute + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_minute_mv_v1 TO qoe_minute_v1 AS
SELECT
    toStartOfMinute(event_time) AS minute,
    box_model,
    firmware,
    channel_id,
    region,
    countIf(event_type = 'attempt') AS attempts,
    countIf(event_type = 'first_frame') AS first_frames,
    countIf(event_type = 'zap') AS zaps,
    countIf(event_type = 'error' AND fatal AND before_first_frame) AS video_start_failures,
    countIf(event_type = 'end' AND before_first_frame AND NOT fatal) AS exits_before_video_start,
    countIf(event_type = 'error' AND fatal AND NOT before_first_frame) AS playback_failures,
    countIf(event_type = 'error') AS errors,
    sumIf(toUInt64(stall_ms), event_type = 'stall_end' AND NOT before_first_frame) AS stall_ms_sum,
    sumIf(toUInt64(playing_ms), event_type IN ('heartbeat', 'end')) AS playing_ms_sum,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(start_ms, event_type = 'first_frame') AS video_start_time_ms,
    quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(zap_ms, event_type = 'zap') AS zap_time_ms
FROM qoe_events_v1
GROUP BY minute, box_model, firmware, channel_id, region;
