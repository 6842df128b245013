-- Per-minute QoE over [from, to) from the rollup. A dimension is split out only when its by_* flag is set;
-- otherwise it reads '' and rows merge across it. Aliases differ from column names so WHERE/GROUP BY see columns.
SELECT
    formatDateTime(minute, '%Y-%m-%dT%H:%i:%SZ') AS minute_iso,
    if({by_box_model:Bool}, box_model, '') AS dim_box_model,
    if({by_firmware:Bool}, firmware, '') AS dim_firmware,
    if({by_channel_id:Bool}, channel_id, '') AS dim_channel_id,
    if({by_region:Bool}, region, '') AS dim_region,
    sum(attempts) AS attempts_total,
    sum(first_frames) AS first_frames_total,
    sum(zaps) AS zaps_total,
    sum(video_start_failures) AS video_start_failures_total,
    sum(exits_before_video_start) AS exits_before_video_start_total,
    sum(playback_failures) AS playback_failures_total,
    sum(errors) AS errors_total,
    sum(stall_ms_sum) AS stall_ms_total,
    sum(playing_ms_sum) AS playing_ms_total,
    quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(video_start_time_ms) AS video_start_time_quantiles,
    quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(zap_time_ms) AS zap_time_quantiles
FROM qoe_minute_v1
WHERE minute >= toStartOfMinute({from:DateTime64(3, 'UTC')}) AND minute < {to:DateTime64(3, 'UTC')}
GROUP BY minute, dim_box_model, dim_firmware, dim_channel_id, dim_region
ORDER BY minute, dim_box_model, dim_firmware, dim_channel_id, dim_region
SETTINGS output_format_json_quote_64bit_integers = 0
