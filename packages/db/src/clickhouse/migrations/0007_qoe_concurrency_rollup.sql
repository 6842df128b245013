-- Concurrent plays per minute: one row per box playing in a minute (per dimension values), so the distinct boxes
-- of a minute are a count over plain rows (uniqExact of a UInt64 hash), not a merge of sketch states. A box counts
-- as playing in a minute when it sent an event of a started play in it (first frame, zap, heartbeat, stall, or an
-- error/end after the first frame); players send a heartbeat at least every 60 s while playing (the beacon library
-- every 10 s, the fleet simulator every 30 s), so a box playing through the minute is never missed. Counting boxes,
-- not sessions, makes a channel switch count once: the old and the new channel's sessions are the same box (split
-- by channel it counts once on each). ReplacingMergeTree folds the copies different inserts wrote for one box.
-- Rows stored before the view existed are copied in once, as in 0004.
-- Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS qoe_concurrency_minute_v1
(
    minute      DateTime('UTC'),
    device      UInt64 COMMENT 'cityHash64(device_id)',
    box_model   LowCardinality(String),
    firmware    LowCardinality(String),
    app_version LowCardinality(String),
    channel_id  LowCardinality(String),
    region      LowCardinality(String),
    cdn_edge    LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, device, channel_id, cdn_edge, box_model, firmware, app_version, region)
TTL minute + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_concurrency_minute_v1
SELECT
    toStartOfMinute(event_time) AS minute,
    cityHash64(device_id) AS device,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge
FROM qoe_events_v1
WHERE event_type != 'attempt' AND NOT before_first_frame AND (SELECT count() FROM qoe_concurrency_minute_v1) = 0
GROUP BY minute, device, box_model, firmware, app_version, channel_id, region, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_concurrency_minute_mv_v1 TO qoe_concurrency_minute_v1 AS
SELECT
    toStartOfMinute(event_time) AS minute,
    cityHash64(device_id) AS device,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge
FROM qoe_events_v1
WHERE event_type != 'attempt' AND NOT before_first_frame
GROUP BY minute, device, box_model, firmware, app_version, channel_id, region, cdn_edge;
