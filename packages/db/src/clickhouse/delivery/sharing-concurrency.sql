-- The subscriber's boxes (its device ids, or URLs signed for the subscriber: counted URLs carry `sub`) fetching
-- playlists per minute over [from, to): the most at once, the minutes above the
-- limit, and the playlist requests the origin refused with CONCURRENCY_LIMIT.
SELECT
    max(boxes) AS max_boxes_n,
    countIf(boxes > {limit:UInt32}) AS minutes_over_n,
    sum(refused) AS refused_n
FROM
(
    SELECT
        toStartOfMinute(event_time) AS minute,
        uniqExactIf(device_id, status < 400) AS boxes,
        countIf(error_code = 'CONCURRENCY_LIMIT') AS refused
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND (subscriber_id = {subscriber:String} OR device_id IN {devices:Array(String)})
        AND object IN ('master', 'playlist')
    GROUP BY minute
)
SETTINGS output_format_json_quote_64bit_integers = 0
