-- The QoE of the sessions each group (edge, channel or rendition) served over [from, to): sessions join their
-- beacons on session_id (CMCD sid = beacon session id). Per group: sessions with beacons, rebuffering ratio
-- (stall / (playing + stall)), video start time p50 and the share of sessions that failed (a fatal error).
-- Beacons are read an hour either side of the range: a session's first frame can precede its first segment's log.
WITH served AS (
    SELECT {group:Identifier} AS key, session_id
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND session_id != ''
        AND ({edge:String} = '' OR edge_id = if({edge:String} = '-', '', {edge:String}))
    GROUP BY key, session_id
),
qoe AS (
    SELECT
        session_id,
        sumIf(stall_ms, event_type = 'stall_end') AS stall,
        sumIf(playing_ms, event_type IN ('heartbeat', 'end')) AS playing,
        maxIf(start_ms, event_type = 'first_frame') AS start,
        max(fatal) AS failed
    FROM qoe_events_v1
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64} - 3600000, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64} + 3600000, 'UTC')
        AND session_id IN (SELECT session_id FROM served)
    GROUP BY session_id
)
SELECT
    served.key AS key,
    count() AS qoe_sessions_n,
    sum(qoe.stall) AS stall_ms_n,
    sum(qoe.playing) AS playing_ms_n,
    quantileIf(0.5)(qoe.start, qoe.start > 0) AS start_p50,
    countIf(qoe.failed) AS failed_n
FROM served
INNER JOIN qoe ON served.session_id = qoe.session_id
GROUP BY key
SETTINGS output_format_json_quote_64bit_integers = 0
