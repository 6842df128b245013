-- Live ingest findings of apps/worker (failover, return, source up/down, QC black/freeze/silence/loudness,
-- probe), stored by apps/api from the ingest-events queue. Meaning of each kind: packages/contracts/src/live.ts.
-- A QC finding arrives twice with the same event_id: at its start (ended_at NULL) and at its end. The
-- ReplacingMergeTree keeps the highest `revision` on merge and readers take argMax(…, revision): an end beats
-- any start (a retried start stored after its end does not reopen it), otherwise the newest copy wins.
-- Frozen once landed: change it through a new file and table version.
CREATE TABLE IF NOT EXISTS ingest_events_v1
(
    event_id       UUID COMMENT 'the worker''s id of the finding; start and end share it',
    kind           LowCardinality(String) COMMENT 'on_air|failover|return|source_down|source_up|black|freeze|silence|loudness|probe',
    channel_id     LowCardinality(String),
    source_id      LowCardinality(Nullable(String)) COMMENT 'the source it is about; for a switch the one now on air',
    from_source_id LowCardinality(Nullable(String)) COMMENT 'for a switch: the source on air before',
    started_at     DateTime64(3, 'UTC'),
    ended_at       Nullable(DateTime64(3, 'UTC')) COMMENT 'NULL while a QC finding lasts, and for instant events',
    cause          String COMMENT 'human-readable reason',
    detail         String DEFAULT '{}' COMMENT 'JSON object of small measured facts (gapSeconds, lufs, codec…)',
    recorded_at    DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'when apps/api stored it',
    revision       UInt64 DEFAULT toUInt64(isNotNull(ended_at)) * 1000000000000000 + toUInt64(toUnixTimestamp64Milli(recorded_at))
                   COMMENT 'which copy wins: an ended one, then the newest'
)
ENGINE = ReplacingMergeTree(revision)
PARTITION BY toYYYYMM(started_at)
ORDER BY (channel_id, started_at, event_id)
TTL toDateTime(started_at) + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;
