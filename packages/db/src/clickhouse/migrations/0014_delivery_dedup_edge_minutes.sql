-- Delivery records, version 2: delivery_events_v1 (0013) with a line id in a ReplacingMergeTree key, so an edge that
-- re-sends a log file stores each line once. An edge line's id is a hash of the edge and the line as sent (a resent
-- line has the same one); an origin record's id is unique per request. apps/api drops edge lines already stored
-- before it inserts (so the minute rollup below counts them once); replicas racing on the same file are merged by the
-- engine, and the raw reads use FINAL. v1's rows are copied in with ids hashed from their columns (which also merges
-- the duplicates a resend left there); v1 itself is left as it was (its 30-day TTL empties it).
-- Then a per-minute delivery rollup per edge, channel and rendition for the delivery view's long ranges (> 6 h).
-- Replicated variant: ReplicatedReplacingMergeTree / ReplicatedAggregatingMergeTree with ON CLUSTER '{cluster}'.
-- Frozen once landed: change it through a new file and table version.

CREATE TABLE IF NOT EXISTS delivery_events_v2
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
    line_id       String COMMENT 'edge: hash of the edge and the line as sent (a resent line repeats it); origin: unique per request',
    INDEX idx_device_id device_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_subscriber_id subscriber_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(event_time)
ORDER BY (toStartOfHour(event_time), edge_id, channel_id, event_time, line_id)
TTL toDateTime(event_time) + INTERVAL 30 DAY
SETTINGS ttl_only_drop_parts = 1;

-- Re-runnable: the ids are a function of the row, so a second copy merges into the first.
INSERT INTO delivery_events_v2
SELECT
    event_time, received_at, source, edge_id, cache_status, device_id, subscriber_id, session_id, channel_id,
    content_id, kind, object, rendition, path, status, error_code, bytes, ttfb_ms, duration_ms, client_ip,
    bitrate_kbps,
    hex(sipHash128(source, edge_id, event_time, device_id, session_id, path, client_ip, status, bytes, ttfb_ms)) AS line_id
FROM delivery_events_v1;

CREATE TABLE IF NOT EXISTS delivery_edge_minute_v1
(
    minute        DateTime('UTC'),
    edge_id       LowCardinality(String) COMMENT 'empty: the origin answering boxes directly',
    channel_id    LowCardinality(String),
    rendition     LowCardinality(String),
    requests      SimpleAggregateFunction(sum, UInt64),
    hits          SimpleAggregateFunction(sum, UInt64) COMMENT 'cache_status HIT',
    verdicts      SimpleAggregateFunction(sum, UInt64) COMMENT 'requests with a cache verdict (HIT MISS STALE EXPIRED BYPASS)',
    errors        SimpleAggregateFunction(sum, UInt64) COMMENT 'status >= 400',
    bytes         SimpleAggregateFunction(sum, UInt64),
    ttfb          AggregateFunction(quantiles(0.5, 0.95), Float32) COMMENT 'TTFB p50/p95 state',
    sessions      AggregateFunction(uniq, String) COMMENT 'CMCD sids (non-empty)',
    devices       AggregateFunction(uniq, String) COMMENT 'boxes (non-empty)'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, edge_id, channel_id, rendition)
TTL minute + INTERVAL 30 DAY;

-- The minutes stored before the view exists, once (while the rollup is empty), before the view exists.
INSERT INTO delivery_edge_minute_v1
SELECT
    toStartOfMinute(event_time) AS minute,
    edge_id,
    channel_id,
    rendition,
    count() AS requests,
    countIf(cache_status = 'HIT') AS hits,
    countIf(cache_status IN ('HIT', 'MISS', 'STALE', 'EXPIRED', 'BYPASS')) AS verdicts,
    countIf(status >= 400) AS errors,
    sum(bytes) AS bytes,
    quantilesState(0.5, 0.95)(ttfb_ms) AS ttfb,
    uniqStateIf(session_id, session_id != '') AS sessions,
    uniqStateIf(device_id, device_id != '') AS devices
FROM delivery_events_v2 FINAL
WHERE (SELECT count() FROM delivery_edge_minute_v1) = 0
GROUP BY minute, edge_id, channel_id, rendition;

CREATE MATERIALIZED VIEW IF NOT EXISTS delivery_edge_minute_mv_v1 TO delivery_edge_minute_v1 AS
SELECT
    toStartOfMinute(event_time) AS minute,
    edge_id,
    channel_id,
    rendition,
    count() AS requests,
    countIf(cache_status = 'HIT') AS hits,
    countIf(cache_status IN ('HIT', 'MISS', 'STALE', 'EXPIRED', 'BYPASS')) AS verdicts,
    countIf(status >= 400) AS errors,
    sum(bytes) AS bytes,
    quantilesState(0.5, 0.95)(ttfb_ms) AS ttfb,
    uniqStateIf(session_id, session_id != '') AS sessions,
    uniqStateIf(device_id, device_id != '') AS devices
FROM delivery_events_v2
GROUP BY minute, edge_id, channel_id, rendition;
