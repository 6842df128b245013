-- Fleet-wide, over [from, to): how many boxes fetched media, and how many of them show each sharing signal of the
-- support page (apps/api/src/delivery/sharing-signals.ts, same thresholds): answered to many client addresses,
-- segments of several renditions in the same 10-second windows, segments for no session that sent QoE beacons.
WITH
per_box AS (
    SELECT device_id, uniqExactIf(client_ip, client_ip != '') AS addresses_n
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND device_id != ''
        AND status < 400
    GROUP BY device_id
),
windows AS (
    SELECT device_id, toStartOfInterval(event_time, INTERVAL 10 SECOND) AS window, uniqExact(rendition) AS renditions
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND device_id != ''
        AND object = 'segment'
        AND status < 400
    GROUP BY device_id, window
),
parallel AS (
    SELECT device_id, count() AS windows_n, countIf(renditions > 1) AS parallel_n
    FROM windows
    GROUP BY device_id
),
beaconed AS (
    SELECT DISTINCT session_id
    FROM qoe_events_v1
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64} - 3600000, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64} + 3600000, 'UTC')
        AND session_id != ''
),
unbeaconed AS (
    SELECT
        device_id,
        count() AS segments_n,
        countIf(session_id = '' OR session_id NOT IN (SELECT session_id FROM beaconed)) AS without_n
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND device_id != ''
        AND object = 'segment'
        AND status < 400
    GROUP BY device_id
)
SELECT
    (SELECT count() FROM per_box) AS boxes_n,
    (SELECT countIf(addresses_n >= {addresses:UInt32}) FROM per_box) AS many_addresses_n,
    (
        SELECT countIf(windows_n >= {minWindows:UInt32} AND parallel_n >= windows_n * {parallelShare:Float64})
        FROM parallel
    ) AS parallel_renditions_n,
    (
        SELECT countIf(segments_n >= {minSegments:UInt32} AND without_n >= segments_n * {unbeaconedShare:Float64})
        FROM unbeaconed
    ) AS without_beacons_n
SETTINGS output_format_json_quote_64bit_integers = 0
