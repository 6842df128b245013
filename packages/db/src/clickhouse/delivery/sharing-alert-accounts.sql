-- Fleet-wide, over [from, to): per account (the `sub` of counted URLs), the most boxes fetching playlists in one
-- minute and the playlist requests refused with CONCURRENCY_LIMIT; only accounts with more than one box at once or
-- a refusal (the caller compares with each account's maxConcurrentStreams).
SELECT
    subscriber_id,
    max(boxes) AS max_boxes_n,
    sum(refused) AS refused_n
FROM
(
    SELECT
        subscriber_id,
        toStartOfMinute(event_time) AS minute,
        uniqExactIf(device_id, status < 400) AS boxes,
        countIf(error_code = 'CONCURRENCY_LIMIT') AS refused
    FROM delivery_events_v2 FINAL
    WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND subscriber_id != ''
        AND object IN ('master', 'playlist')
    GROUP BY subscriber_id, minute
)
GROUP BY subscriber_id
HAVING max_boxes_n > 1 OR refused_n > 0
LIMIT 10000
SETTINGS output_format_json_quote_64bit_integers = 0
