-- Per box of the subscriber: the distinct client addresses its signed URLs were fetched from over [from, to)
-- (answered requests only), with up to 5 of them and the requests per box.
SELECT
    device_id,
    uniqExact(client_ip) AS addresses_n,
    groupUniqArray(5)(client_ip) AS addresses,
    count() AS requests_n
FROM delivery_events_v2 FINAL
WHERE event_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
    AND event_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
    AND device_id IN {devices:Array(String)}
    AND status < 400
    AND client_ip != ''
GROUP BY device_id
SETTINGS output_format_json_quote_64bit_integers = 0
