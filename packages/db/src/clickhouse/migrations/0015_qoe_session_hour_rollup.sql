-- Per-session, per-hour rollup for the rollout guardrails (apps/api/src/rollouts/guardrails.rollup.ts): a wave's arms
-- need per-session figures (did it attempt, play, fail to start, fail while playing, meet any error; its stall and
-- playing ms) so the rebuffering test can take the session as its unit, which no per-minute sum carries. One row per
-- box model × hour × session (a session's partial rows from several inserts merge on read by GROUP BY session_id):
-- a days-long soak reads about one row per session-hour instead of every raw beacon. Flags are max (a resent event
-- leaves them as they are); the ms are sums (a resent event that passed the API's dedupe counts twice here, as in
-- every rollup; the raw table collapses it under FINAL). Keyed by model first: a wave reads one model.
-- Fed by qoe_session_hour_mv_v1 on every insert into qoe_events_v1; the events stored before it existed are copied
-- in once (FINAL, while the table is empty), before the view exists, so nothing is counted twice.
-- Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS qoe_session_hour_v1
(
    box_model  LowCardinality(String) COMMENT 'from the device token',
    hour       DateTime('UTC') COMMENT 'toStartOfHour(event_time)',
    session_id String,
    firmware   SimpleAggregateFunction(any, LowCardinality(String)) COMMENT 'from the device token, one per session',
    device_id  SimpleAggregateFunction(any, String),
    attempted  SimpleAggregateFunction(max, UInt8) COMMENT 'an attempt event in this hour',
    played     SimpleAggregateFunction(max, UInt8) COMMENT 'a first_frame event in this hour',
    vsf        SimpleAggregateFunction(max, UInt8) COMMENT 'a fatal error before the first frame',
    vpf        SimpleAggregateFunction(max, UInt8) COMMENT 'a fatal error after the first frame',
    errored    SimpleAggregateFunction(max, UInt8) COMMENT 'any error event',
    stall_ms   SimpleAggregateFunction(sum, UInt64) COMMENT 'stall_end after the first frame: stall ms',
    playing_ms SimpleAggregateFunction(sum, UInt64) COMMENT 'heartbeat/end: playing ms'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (box_model, hour, session_id)
TTL hour + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_session_hour_v1
SELECT
    box_model,
    toStartOfHour(event_time) AS hour,
    session_id,
    any(firmware) AS firmware,
    any(device_id) AS device_id,
    max(toUInt8(event_type = 'attempt')) AS attempted,
    max(toUInt8(event_type = 'first_frame')) AS played,
    max(toUInt8(event_type = 'error' AND fatal AND before_first_frame)) AS vsf,
    max(toUInt8(event_type = 'error' AND fatal AND NOT before_first_frame)) AS vpf,
    max(toUInt8(event_type = 'error')) AS errored,
    sumIf(toUInt64(stall_ms), event_type = 'stall_end' AND NOT before_first_frame) AS stall_ms,
    sumIf(toUInt64(playing_ms), event_type IN ('heartbeat', 'end')) AS playing_ms
FROM qoe_events_v1 FINAL
WHERE (SELECT count() FROM qoe_session_hour_v1) = 0
GROUP BY box_model, hour, session_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_session_hour_mv_v1 TO qoe_session_hour_v1 AS
SELECT
    box_model,
    toStartOfHour(event_time) AS hour,
    session_id,
    any(firmware) AS firmware,
    any(device_id) AS device_id,
    max(toUInt8(event_type = 'attempt')) AS attempted,
    max(toUInt8(event_type = 'first_frame')) AS played,
    max(toUInt8(event_type = 'error' AND fatal AND before_first_frame)) AS vsf,
    max(toUInt8(event_type = 'error' AND fatal AND NOT before_first_frame)) AS vpf,
    max(toUInt8(event_type = 'error')) AS errored,
    sumIf(toUInt64(stall_ms), event_type = 'stall_end' AND NOT before_first_frame) AS stall_ms,
    sumIf(toUInt64(playing_ms), event_type IN ('heartbeat', 'end')) AS playing_ms
FROM qoe_events_v1
GROUP BY box_model, hour, session_id;
