-- Alert rules' ingest figures per channel: failovers and QC findings that started in [from, to), each finding counted
-- once per event_id (a QC finding's start and end are one). An empty channel_ids means every channel.
SELECT
    channel,
    toUInt32(countIf(kind = 'failover')) AS failovers,
    toUInt32(countIf(kind IN ('black', 'freeze', 'silence', 'loudness'))) AS qc_findings
FROM
(
    SELECT any(channel_id) AS channel, argMax(kind, revision) AS kind
    FROM ingest_events_v1
    WHERE (empty({channel_ids:Array(String)}) OR channel_id IN {channel_ids:Array(String)})
        AND started_at >= {from:DateTime64(3, 'UTC')}
        AND started_at < {to:DateTime64(3, 'UTC')}
    GROUP BY event_id
)
GROUP BY channel
