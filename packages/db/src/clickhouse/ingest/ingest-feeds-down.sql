-- Alert rules' "feed down" figure: per channel, how long (s, up to `to`) its longest-down feed has been down. A feed
-- is down when its latest source_down/source_up of the week before `to` is a source_down.
SELECT channel, toUInt32(max(dateDiff('second', last_at, {to:DateTime64(3, 'UTC')}))) AS down_seconds
FROM
(
    SELECT channel_id AS channel, source_id AS source, argMax(kind, started_at) AS last_kind, max(started_at) AS last_at
    FROM ingest_events_v1
    WHERE (empty({channel_ids:Array(String)}) OR channel_id IN {channel_ids:Array(String)})
        AND kind IN ('source_down', 'source_up')
        AND source_id IS NOT NULL
        AND started_at >= {to:DateTime64(3, 'UTC')} - INTERVAL 7 DAY
        AND started_at < {to:DateTime64(3, 'UTC')}
    GROUP BY channel, source
)
WHERE last_kind = 'source_down'
GROUP BY channel
