-- Raw QoE beacon events, one row per event a box sent. Definitions: shared/DESIGN.md "QoE"; meaning per
-- event type in ../qoe/qoe-event.schema.ts. Frozen once landed: change it through a new file and table version.
-- ReplacingMergeTree on (hour, session_id, seq): a resent event (same session, seq and event_time) collapses
-- on merge; the hour prefix lets time-range reads skip granules. device_id/subscriber_id feed the support view.
CREATE TABLE IF NOT EXISTS qoe_events_v1
(
    event_time         DateTime64(3, 'UTC') COMMENT 'when it happened, box clock',
    received_at        DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'when apps/api received it; newest copy wins',
    event_type         LowCardinality(String) COMMENT 'attempt|first_frame|stall_start|stall_end|zap|error|heartbeat|end',
    session_id         String COMMENT 'one playback session: one attempt on one channel',
    seq                UInt32 COMMENT 'event number within the session, from 0',
    device_id          String,
    subscriber_id      String,
    box_model          LowCardinality(String) COMMENT 'from the device token, never the beacon body',
    firmware           LowCardinality(String) COMMENT 'from the device token, never the beacon body',
    app_version        LowCardinality(String),
    channel_id         LowCardinality(String),
    package_code       LowCardinality(String),
    region             LowCardinality(String),
    cdn_edge           LowCardinality(String),
    isp                LowCardinality(String),
    before_first_frame Bool DEFAULT false COMMENT 'the session had not shown a first frame yet',
    fatal              Bool DEFAULT false COMMENT 'error: playback stopped; end: the session ended by that error',
    start_ms           UInt32 DEFAULT 0 COMMENT 'first_frame: attempt to first frame',
    zap_ms             UInt32 DEFAULT 0 COMMENT 'zap: channel-change key press to first frame of the new channel',
    stall_ms           UInt32 DEFAULT 0 COMMENT 'stall_end: length of that stall',
    playing_ms         UInt32 DEFAULT 0 COMMENT 'heartbeat/end: playing time since the previous heartbeat (a delta)',
    bitrate_kbps       UInt32 DEFAULT 0,
    error_code         LowCardinality(String) COMMENT 'stable code from the error taxonomy',
    error_layer        LowCardinality(String) COMMENT 'layer that raised it, e.g. player, network, drm, middleware',
    INDEX idx_device_id device_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_subscriber_id subscriber_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(received_at)
PARTITION BY toDate(event_time)
ORDER BY (toStartOfHour(event_time), session_id, seq)
TTL toDateTime(event_time) + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;
