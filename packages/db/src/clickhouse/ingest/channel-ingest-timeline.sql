-- Channels' ingest findings overlapping [from, to), newest first, at most {limit} per channel, one row per event_id: its latest copy
-- (argMax by revision: a QC finding's end replaces its start). A finding counts when it started in the window, or started up to
-- a day before and ended (or still lasts) inside it. Times come back as UTC text, read in JS as ISO.
SELECT
    toString(event_id) AS id,
    any(channel_id) AS channel,
    argMax(kind, revision) AS kind_latest,
    argMax(source_id, revision) AS source_latest,
    argMax(from_source_id, revision) AS from_source_latest,
    toString(min(started_at)) AS started_text,
    toString(argMax(ended_at, revision)) AS ended_text,
    argMax(cause, revision) AS cause_latest,
    argMax(detail, revision) AS detail_latest,
    toString(max(recorded_at)) AS recorded_text
FROM ingest_events_v1
WHERE channel_id IN {channel_ids:Array(String)}
    AND started_at < {to:DateTime64(3, 'UTC')}
    AND started_at >= {from:DateTime64(3, 'UTC')} - INTERVAL 1 DAY
GROUP BY event_id
HAVING min(started_at) >= {from:DateTime64(3, 'UTC')}
    OR argMax(ended_at, revision) >= {from:DateTime64(3, 'UTC')}
    OR (argMax(ended_at, revision) IS NULL AND kind_latest IN ('black', 'freeze', 'silence', 'loudness'))
ORDER BY min(started_at) DESC, id DESC
LIMIT {limit:UInt32} BY channel
