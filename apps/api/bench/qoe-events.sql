-- Synthetic QoE beacon events for bench/qoe-queries.bench.ts, inserted into qoe_events_v1 so that every
-- materialized view ingest feeds (the rollups) runs on them as on beacons. Event n belongs to session n / 12 and is
-- its (n % 12)-th event, 30 s apart: attempt, first frame (or a start failure / an exit before it), zap, a stall,
-- heartbeats, an occasional playback error, end. Sessions are spread evenly over [base_ms, base_ms + span_ms).
-- Boxes: `devices` of them, model / firmware / app version (mostly following the firmware) / region fixed per box;
-- per session a channel (a few popular, many less so) and one of the region's two delivery edges.
-- Kaon firmware 2.0.0 stalls three times as often and starts 800 ms slower; region-3 has more start failures.
INSERT INTO qoe_events_v1 (event_time, event_type, session_id, seq, device_id, subscriber_id, box_model, firmware,
    app_version, channel_id, region, cdn_edge, before_first_frame, fatal, start_ms, zap_ms, stall_ms, playing_ms,
    error_code, error_layer)
SELECT
    fromUnixTimestamp64Milli(toInt64({base_ms:Int64} + intDiv(s * {span_ms:Int64}, {sessions:UInt64}) + k * 30000), 'UTC'),
    multiIf(k = 0, 'attempt', k = 1 AND vsf, 'error', k = 1 AND ebvs, 'end', k = 1, 'first_frame', failed, 'heartbeat',
        k = 2 AND zapped, 'zap', k = 3 AND stalled, 'stall_start', k = 4 AND stalled, 'stall_end', k = 6 AND perr, 'error',
        k = 11, 'end', 'heartbeat'),
    toString(s),
    toUInt32(k),
    concat('dev-', toString(d)),
    concat('sub-', toString(intDiv(d, 2))),
    model,
    fw,
    ['5.0.0', '5.1.0', '5.2.0'][(fw_n + (d % 5 = 0)) % 3 + 1],
    concat('ch-', toString(toUInt32(60 * pow((bitShiftRight(h, 8) % 10000) / 10000, 2)))),
    concat('region-', toString(region_n)),
    concat('edge-', toString(region_n * 2 + bitShiftRight(h, 16) % 2)),
    failed AND k >= 1,
    (k = 1 AND vsf) OR (k = 6 AND perr AND NOT failed AND bitShiftRight(h, 52) % 3 = 0),
    if(k = 1 AND NOT failed, start, 0),
    if(k = 2 AND zapped AND NOT failed, start + 150, 0),
    if(k = 4 AND stalled AND NOT failed, 500 + bitShiftRight(h, 44) % 3000, 0),
    if(NOT failed AND k >= 5, 30000 - if(k = 5 AND stalled, 500 + bitShiftRight(h, 44) % 3000, 0), 0),
    multiIf(k = 1 AND vsf, ['NET_TIMEOUT', 'DRM_LICENSE', 'MANIFEST_404'][bitShiftRight(h, 40) % 3 + 1],
        k = 6 AND perr AND NOT failed, ['DECODE', 'NET_RESET', 'SEGMENT_404'][bitShiftRight(h, 40) % 3 + 1], ''),
    multiIf(k = 1 AND vsf, ['network', 'drm', 'network'][bitShiftRight(h, 40) % 3 + 1],
        k = 6 AND perr AND NOT failed, ['decode', 'network', 'network'][bitShiftRight(h, 40) % 3 + 1], '')
FROM
(
    SELECT
        intDiv(number, 12) AS s,
        number % 12 AS k,
        cityHash64(s) AS h,
        h % {devices:UInt64} AS d,
        ['arris-vip5305', 'kaon-kstb6077', 'nokia-7368', 'amino-h200', 'humax-h7', 'zte-b866'][d % 6 + 1] AS model,
        intDiv(d, 6) % 3 AS fw_n,
        ['1.0.0', '1.1.0', '2.0.0'][fw_n + 1] AS fw,
        model = 'kaon-kstb6077' AND fw = '2.0.0' AS worse,
        intDiv(d, 54) % 12 AS region_n,
        bitShiftRight(h, 24) % 1000 < if(region_n = 3, 45, 15) AS vsf,
        NOT vsf AND bitShiftRight(h, 24) % 1000 >= 985 AS ebvs,
        vsf OR ebvs AS failed,
        bitShiftRight(h, 34) % 10 < 6 AS zapped,
        bitShiftRight(h, 38) % 100 < if(worse, 30, 10) AS stalled,
        bitShiftRight(h, 50) % 1000 < 8 AS perr,
        toUInt32(300 + bitShiftRight(h, 20) % 1500 + if(worse, 800, 0)) AS start
    FROM numbers({offset:UInt64}, {count:UInt64})
)
