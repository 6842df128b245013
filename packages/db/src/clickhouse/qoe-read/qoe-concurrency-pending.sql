-- Minutes to count (qoe_concurrency_count_v1): closed minutes (before `before`) that got plays in an insert at or
-- after their last count, or were never counted; from `after` on (a run's cursor), oldest first, at most `limit`.
-- Both tables hold about a row a minute.
SELECT toUInt32(touched.minute) AS minute_s
FROM
(
    SELECT minute, max(touched_at) AS touched_at
    FROM qoe_concurrency_touched_v1
    WHERE minute >= toDateTime({after:UInt32}, 'UTC') AND minute < toDateTime({before:UInt32}, 'UTC')
    GROUP BY minute
) AS touched
LEFT JOIN
(
    SELECT minute, max(counted_at) AS counted_at
    FROM qoe_concurrency_count_v1
    WHERE dimension = '' AND minute >= toDateTime({after:UInt32}, 'UTC') AND minute < toDateTime({before:UInt32}, 'UTC')
    GROUP BY minute
) AS counted ON touched.minute = counted.minute
WHERE counted.counted_at = toDateTime(0, 'UTC') OR touched.touched_at >= counted.counted_at
ORDER BY touched.minute
LIMIT {limit:UInt32}
SETTINGS join_use_nulls = 0, output_format_json_quote_64bit_integers = 0
