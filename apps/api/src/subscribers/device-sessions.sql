-- Last playback sessions reported by a subscriber's boxes: one row per session, newest first.
-- Aliases carry a `session_` prefix: an alias named like a column would shadow it inside WHERE and aggregates.
SELECT
    session_id,
    any(device_id) AS session_device_id,
    any(channel_id) AS session_channel_id,
    formatDateTime(min(event_time), '%Y-%m-%dT%H:%i:%S.000Z', 'UTC') AS session_started_at,
    countIf(event_type = 'first_frame') > 0 AS session_started,
    toUInt32(maxIf(start_ms, event_type = 'first_frame')) AS session_start_ms,
    toUInt32(sumIf(stall_ms, event_type = 'stall_end')) AS session_stall_ms,
    toUInt32(sum(playing_ms)) AS session_playing_ms,
    arrayStringConcat(groupUniqArrayIf(error_code, event_type = 'error'), ',') AS session_error_codes
FROM qoe_events_v1 FINAL
WHERE device_id IN {device_ids:Array(String)}
  AND event_time >= {since:DateTime64(3, 'UTC')}
GROUP BY session_id
ORDER BY min(event_time) DESC
LIMIT {limit:UInt32}
