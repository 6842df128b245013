-- Concurrent plays kept as counts: distinct boxes playing per closed minute, for the fleet (dimension '') and per
-- value of each single dimension (box_model, firmware, app_version, channel_id, region, cdn_edge), counted once
-- from qoe_concurrency_minute_v2 by apps/api's counting job (src/qoe/qoe.concurrency-job.ts) instead of by every
-- page read: the tiles and the chart without filters or with one filtered value read a few rows a minute.
-- A box that switches channel within a minute counts once in the fleet row, once per channel it played in the
-- channel rows (and once per value of any other dimension it changed within the minute).
-- ReplacingMergeTree by counted_at: a recount (late beacons) replaces the minute's rows. A minute's count only grows
-- (per-box rows are only ever added), so reads take the largest of its copies: right before merges, and also when
-- two counts share a second.
--
-- qoe_concurrency_touched_v1: which minutes got plays in an insert, and when (the insert's clock), fed by a view on
-- every insert into qoe_events_v1 (live beacons, spool replay, the demo history, the bench). A minute touched at or
-- after its count is counted again, so late beacons, whatever path they take, reach the counts. The minutes stored
-- before this view existed are copied in once from qoe_concurrency_minute_v2 (while the table is empty), so the
-- job catches up history on its first runs.
-- Frozen once landed: change it through a new file and table version.

CREATE TABLE IF NOT EXISTS qoe_concurrency_count_v1
(
    minute     DateTime('UTC'),
    dimension  LowCardinality(String) COMMENT 'empty for the fleet, else the rollups'' column name',
    value      LowCardinality(String) COMMENT 'the dimension''s value (empty for the fleet)',
    playing    UInt32 COMMENT 'distinct boxes playing in the minute',
    counted_at DateTime('UTC') COMMENT 'when the count started, less a margin for views still landing'
)
ENGINE = ReplacingMergeTree(counted_at)
PARTITION BY toYYYYMM(minute)
ORDER BY (dimension, minute, value)
TTL minute + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS qoe_concurrency_touched_v1
(
    minute     DateTime('UTC'),
    touched_at DateTime('UTC') COMMENT 'when an insert last brought plays of this minute'
)
ENGINE = ReplacingMergeTree(touched_at)
PARTITION BY toYYYYMM(minute)
ORDER BY minute
TTL minute + INTERVAL 90 DAY
SETTINGS ttl_only_drop_parts = 1;

INSERT INTO qoe_concurrency_touched_v1
SELECT minute, now() AS touched_at
FROM qoe_concurrency_minute_v2
WHERE (SELECT count() FROM qoe_concurrency_touched_v1) = 0
GROUP BY minute;

CREATE MATERIALIZED VIEW IF NOT EXISTS qoe_concurrency_touched_mv_v1 TO qoe_concurrency_touched_v1 AS
SELECT toStartOfMinute(event_time) AS minute, now() AS touched_at
FROM qoe_events_v1
WHERE event_type != 'attempt' AND NOT before_first_frame
GROUP BY minute;
