-- Error codes per minute: how often each code (with the layer that raised it) was reported, split by the QoE
-- page's dimensions and by what it did to the session (fatal or not, before or after the first frame), with the
-- distinct boxes that reported it. Error events are a small share of all events, so one minute table serves every
-- range. Rows stored before the view existed are copied in once, as in 0004.
-- Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS qoe_errors_minute_v1
(
    minute             DateTime('UTC'),
    error_code         LowCardinality(String),
    error_layer        LowCardinality(String),
    fatal              Bool,
    before_first_frame Bool,
    box_model          LowCardinality(String),
    firmware           LowCardinality(String),
    app_version        LowCardinality(String),
    channel_id         LowCardinality(String),
    region             LowCardinality(String),
    cdn_edge           LowCardinality(String),
    errors             SimpleAggregateFunction(sum, UInt64),
    devices            AggregateFunction(uniq, String) COMMENT 'boxes that reported it'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, error_code, box_model, firmware, channel_id, region, app_version, cdn_edge, error_layer, fatal, before_first_frame)
TTL minute + INTERVAL 395 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_errors_minute_v1
SELECT
    toStartOfMinute(event_time) AS minute,
    error_code,
    error_layer,
    fatal,
    before_first_frame,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge,
    count() AS errors,
    uniqState(device_id) AS devices
FROM qoe_events_v1 FINAL
WHERE event_type = 'error' AND (SELECT count() FROM qoe_errors_minute_v1) = 0
GROUP BY minute, error_code, error_layer, fatal, before_first_frame, box_model, firmware, app_version, channel_id, region, cdn_edge;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_errors_minute_mv_v1 TO qoe_errors_minute_v1 AS
SELECT
    toStartOfMinute(event_time) AS minute,
    error_code,
    error_layer,
    fatal,
    before_first_frame,
    box_model,
    firmware,
    app_version,
    channel_id,
    region,
    cdn_edge,
    count() AS errors,
    uniqState(device_id) AS devices
FROM qoe_events_v1
WHERE event_type = 'error'
GROUP BY minute, error_code, error_layer, fatal, before_first_frame, box_model, firmware, app_version, channel_id, region, cdn_edge;
