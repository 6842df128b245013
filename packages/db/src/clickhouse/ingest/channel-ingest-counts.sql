-- How many findings of each kind a channel had in [from, to), counted once per event_id (start and end of a
-- QC finding are one finding), whatever the timeline's row limit.
SELECT kind, toUInt32(uniqExact(event_id)) AS findings
FROM ingest_events_v1
WHERE channel_id = {channel_id:String}
    AND started_at >= {from:DateTime64(3, 'UTC')}
    AND started_at < {to:DateTime64(3, 'UTC')}
GROUP BY kind
ORDER BY kind
