-- Playback sessions of one box or of a subscriber's boxes that started in [from, to), newest first, from the raw
-- events (FINAL: a resent event counts once; the bloom filter indexes on device_id/subscriber_id skip the rest).
-- What support reads per session: channel, start, first frame, stalls and stall time after the first frame,
-- errors with their codes, and what its last event says about how it ended (the end reason is derived from these).
SELECT
    session_id,
    any(device_id) AS session_device_id,
    argMin(channel_id, seq) AS session_channel_id,
    any(box_model) AS session_box_model,
    any(firmware) AS session_firmware,
    argMax(app_version, seq) AS session_app_version,
    argMax(cdn_edge, seq) AS session_cdn_edge,
    toUnixTimestamp64Milli(min(event_time)) AS started_ms,
    toUnixTimestamp64Milli(max(event_time)) AS last_event_ms,
    toBool(countIf(event_type = 'first_frame') > 0) AS played,
    maxIf(start_ms, event_type = 'first_frame') AS start_ms_n,
    toBool(countIf(event_type = 'zap') > 0) AS zapped,
    maxIf(zap_ms, event_type = 'zap') AS zap_ms_n,
    countIf(event_type = 'stall_end' AND NOT before_first_frame) AS stalls_n,
    sumIf(toUInt64(stall_ms), event_type = 'stall_end' AND NOT before_first_frame) AS stall_ms_n,
    sumIf(toUInt64(playing_ms), event_type IN ('heartbeat', 'end')) AS playing_ms_n,
    arraySort(
        (error) -> error.1,
        groupArrayIf(
            (toUnixTimestamp64Milli(event_time), error_code, error_layer, fatal, before_first_frame),
            event_type = 'error'
        )
    ) AS errors_list,
    toBool(countIf(event_type = 'end') > 0) AS ended,
    toBool(countIf(event_type IN ('error', 'end') AND fatal) > 0) AS failed
FROM qoe_events_v1 FINAL
WHERE event_time >= {from:DateTime64(3, 'UTC')} - INTERVAL 6 HOUR
    AND event_time < {to:DateTime64(3, 'UTC')}
    AND ({device_id:String} = '' OR device_id = {device_id:String})
    AND ({subscriber_id:String} = '' OR subscriber_id = {subscriber_id:String})
GROUP BY session_id
HAVING min(event_time) >= {from:DateTime64(3, 'UTC')}
ORDER BY started_ms DESC, session_id
LIMIT {limit:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 0
