-- Concurrent plays per minute: the distinct boxes that were playing in a minute, per dimension values. A box
-- counts as playing in a minute when it sent an event of a started play in it (first frame, zap, heartbeat, stall,
-- or an error/end after the first frame); players send a heartbeat at least every 60 s while playing (the beacon
-- library every 10 s, the fleet simulator every 30 s), so a box playing through the minute is never missed.
-- Counting boxes, not sessions, makes a channel switch count once: the old and the new channel's sessions are
-- the same box (merging the states across channels counts it once; split by channel it counts on both).
-- uniqExact: exact counts, and a state per minute holds at most the boxes playing in it.
-- Rows stored before the view existed are copied in once, as in 0004.
-- Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS qoe_concurrency_minute_v1
(
    minute          DateTime('UTC'),
    box_model       LowCardinality(String),
    firmware        LowCardinality(String),
    app_version     LowCardinality(String),
    channel_id      LowCardinality(String),
    region          LowCardinality(String),
    cdn_edge        LowCardinality(String),
    playing_devices AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, box_model, firmware, channel_id, region, app_version, cdn_edge)
TTL minute + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_concurrency_minute_v1
SELECT
    toStartOfMinute(event_time) AS minute,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge,
    uniqExactState(device_id) AS playing_devices
FROM qoe_events_v1 FINAL
WHERE event_type != 'attempt' AND NOT before_first_frame AND (SELECT count() FROM qoe_concurrency_minute_v1) = 0
GROUP BY minute, box_model, firmware, app_version, channel_id, region, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_concurrency_minute_mv_v1 TO qoe_concurrency_minute_v1 AS
SELECT
    toStartOfMinute(event_time) AS minute,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge,
    uniqExactState(device_id) AS playing_devices
FROM qoe_events_v1
WHERE event_type != 'attempt' AND NOT before_first_frame
GROUP BY minute, box_model, firmware, app_version, channel_id, region, cdn_edge;
