-- Per-minute QoE over [from, to) from the rollup (qoe_minute_v2; percentiles are nearest ranks of its histograms).
-- A dimension is split out only when its by_* flag is set; otherwise it reads '' and rows merge across it.
-- Aliases differ from column names so WHERE/GROUP BY see columns.
WITH
    sumMap(video_start_time_hist) AS start_hist,
    arrayCumSum(mapValues(start_hist)) AS start_cum,
    sumMap(zap_time_hist) AS zap_hist,
    arrayCumSum(mapValues(zap_hist)) AS zap_cum
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
    arrayMap(
        level -> if(start_cum[-1] = 0, NULL, mapKeys(start_hist)[arrayFirstIndex(c -> c >= ceil(level * start_cum[-1] - 1e-9), start_cum)]),
        [0.5, 0.9, 0.95, 0.99]
    ) AS video_start_time_quantiles,
    arrayMap(
        level -> if(zap_cum[-1] = 0, NULL, mapKeys(zap_hist)[arrayFirstIndex(c -> c >= ceil(level * zap_cum[-1] - 1e-9), zap_cum)]),
        [0.5, 0.9, 0.95, 0.99]
    ) AS zap_time_quantiles
FROM qoe_minute_v2
WHERE minute >= toStartOfMinute({from:DateTime64(3, 'UTC')}) AND minute < {to:DateTime64(3, 'UTC')}
GROUP BY minute, dim_box_model, dim_firmware, dim_channel_id, dim_region
ORDER BY minute, dim_box_model, dim_firmware, dim_channel_id, dim_region
SETTINGS output_format_json_quote_64bit_integers = 0
