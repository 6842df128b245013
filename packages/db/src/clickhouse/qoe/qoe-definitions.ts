// The QoE ratios of shared/DESIGN.md "QoE", stated once. The event-level counts they use
// (what is an attempt, a VSF, an EBVS, a VPF) are in migrations/0002_qoe_minute_rollup.sql.

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Stall time after first frame / (playing time + that stall time); null when nothing played. */
export function rebufferingRatio(stallMs: number, playingMs: number): number | null {
  return ratio(stallMs, playingMs + stallMs);
}

/** Video start failures (fatal error before first frame) per attempt. */
export function videoStartFailureRate(videoStartFailures: number, attempts: number): number | null {
  return ratio(videoStartFailures, attempts);
}

/** Exits before video start (abandoned without error before first frame) per attempt. */
export function exitBeforeVideoStartRate(exitsBeforeVideoStart: number, attempts: number): number | null {
  return ratio(exitsBeforeVideoStart, attempts);
}

/** Playback failures (fatal error after first frame) per started play. */
export function playbackFailureRate(playbackFailures: number, firstFrames: number): number | null {
  return ratio(playbackFailures, firstFrames);
}
