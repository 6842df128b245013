-- Delivery records: one row per playlist or segment request, written by the media origin (source 'origin') or
-- reported by a CDN edge in its NDJSON log (source 'edge'; apps/api/src/delivery/README.md). session_id is the
-- player's CMCD sid, which @keten/beacon sets to the beacon session id, so a session's QoE (qoe_events_v1) and its
-- deliveries join on it. client_ip and device_id feed the support page's sharing signals.
-- A plain MergeTree: an edge that resends a log file stores its lines twice (README "Open").
-- Replicated variant: ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/delivery_events_v1', '{replica}')
-- with ON CLUSTER '{cluster}' after the table name.
-- Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS delivery_events_v1
(
    event_time    DateTime64(3, 'UTC') COMMENT 'when the request arrived (origin clock, or the edge''s)',
    received_at   DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'when apps/api spooled it',
    source        LowCardinality(String) COMMENT 'origin|edge: who wrote the record',
    edge_id       LowCardinality(String) COMMENT 'CDN edge/POP that served it; empty when a box reached the origin itself',
    cache_status  LowCardinality(String) COMMENT 'HIT|MISS|STALE|EXPIRED|BYPASS at an edge; ORIGIN when the origin answered',
    device_id     String COMMENT 'the signed URL''s dev',
    subscriber_id String COMMENT 'the signed URL''s sub (counted URLs), else empty',
    session_id    String COMMENT 'CMCD sid: the beacon session id',
    channel_id    LowCardinality(String) COMMENT 'the media folder: channel slug (live) or output key (vod)',
    content_id    LowCardinality(String) COMMENT 'CMCD cid: the channel id the player plays',
    kind          LowCardinality(String) COMMENT 'live|vod',
    object        LowCardinality(String) COMMENT 'master|playlist|segment|other',
    rendition     LowCardinality(String) COMMENT 'the variant folder (v0, v1…), empty for the master playlist',
    path          String COMMENT 'the file below the media folder',
    status        UInt16,
    error_code    LowCardinality(String) COMMENT 'problem+json code of a refusal (TOKEN_EXPIRED…), else empty',
    bytes         UInt64 COMMENT 'body bytes sent',
    ttfb_ms       Float32 COMMENT 'request received to response headers sent',
    duration_ms   Float32 COMMENT 'request received to last byte sent',
    client_ip     String,
    bitrate_kbps  UInt32 DEFAULT 0 COMMENT 'CMCD br: encoded bitrate of the object',
    INDEX idx_device_id device_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_subscriber_id subscriber_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toDate(event_time)
ORDER BY (toStartOfHour(event_time), edge_id, channel_id, event_time)
TTL toDateTime(event_time) + INTERVAL 30 DAY
SETTINGS ttl_only_drop_parts = 1;
