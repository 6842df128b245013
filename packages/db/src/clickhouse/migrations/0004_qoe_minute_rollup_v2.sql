-- Per-minute QoE rollup, version 2: qoe_minute_v1's sums split by every dimension the QoE page filters on (box
-- model, firmware, app version, channel, region, delivery edge), plus the stall count the confidence of a
-- rebuffering ratio needs. Start and zap times are histograms (ms rounded to 3 significant digits → count, merged
-- by sumMap), not t-digest states: percentiles are nearest ranks within 0.5 %, and merging maps costs a fraction of
-- merging t-digests (measured here: 278 vs 939 ms over 1M rows), at every read and every insert.
-- The /qoe page reads it for short ranges; qoe_hour_v1 for longer ones (qoe-plan.ts).
-- Fed by qoe_minute_mv_v2 on every insert into qoe_events_v1; the rows stored before it existed are copied in
-- once (FINAL: a resent event counts once), before the view exists, so nothing is counted twice. The copy runs
-- only while the table is empty, so a migration retried after it stays a no-op. qoe_minute_v1 stays for its
-- readers until they move here (0008 stops feeding it). Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS qoe_minute_v2
(
    minute                   DateTime('UTC'),
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
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, box_model, firmware, channel_id, region, app_version, cdn_edge)
TTL minute + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_minute_v2
SELECT
    toStartOfMinute(event_time) AS minute,
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
WHERE (SELECT count() FROM qoe_minute_v2) = 0
GROUP BY minute, box_model, firmware, app_version, channel_id, region, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_minute_mv_v2 TO qoe_minute_v2 AS
SELECT
    toStartOfMinute(event_time) AS minute,
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
GROUP BY minute, box_model, firmware, app_version, channel_id, region, cdn_edge;
