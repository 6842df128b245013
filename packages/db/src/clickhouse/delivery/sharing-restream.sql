-- Per box: its segment requests in 10-second windows over [from, to). A player fetches one rendition at a time
-- (switching now and then); a restreamer relaying every quality pulls several in the same window. And how many of
-- its segment requests belong to no session that sent QoE beacons (no CMCD sid, or a sid no beacon carries).
WITH windows AS (
    SELECT
        device_id,
        toStartOfInterval(event_time, INTERVAL 10 SECOND) AS window,
        uniqExact(rendition) AS renditions
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND device_id IN {devices:Array(String)}
        AND object = 'segment'
        AND status < 400
    GROUP BY device_id, window
),
beaconed AS (
    SELECT DISTINCT session_id
    FROM qoe_events_v1
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64} - 3600000, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64} + 3600000, 'UTC')
        AND device_id IN {devices:Array(String)}
),
unbeaconed AS (
    SELECT
        device_id,
        count() AS segments_n,
        countIf(session_id = '' OR session_id NOT IN (SELECT session_id FROM beaconed)) AS without_beacons_n
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND device_id IN {devices:Array(String)}
        AND object = 'segment'
        AND status < 400
    GROUP BY device_id
)
SELECT
    w.device_id AS device_id,
    count() AS windows_n,
    countIf(w.renditions > 1) AS parallel_windows_n,
    max(w.renditions) AS max_renditions_n,
    any(u.segments_n) AS segments_n,
    any(u.without_beacons_n) AS without_beacons_n
FROM windows AS w
INNER JOIN unbeaconed AS u ON w.device_id = u.device_id
GROUP BY w.device_id
SETTINGS output_format_json_quote_64bit_integers = 0
