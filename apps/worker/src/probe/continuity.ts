import type { TSourceProbe } from '@keten/contracts';

export type TProbePacket = {
  stream_index: number;
  dts_time?: string | undefined;
  pts_time?: string | undefined;
};

/** A step forward larger than this between two packets of one stream is a gap in the feed. */
export const MAX_FORWARD_JUMP_SECONDS = 1;

function timeOf(packet: TProbePacket): number | null {
  const text = packet.dts_time ?? packet.pts_time;
  if (text === undefined || text === 'N/A') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export type TSampleWindow = {
  /** ffprobe read from the first packet until a timestamp passed first + windowSeconds. */
  windowSeconds: number;
  /** Where the input ends (start_time + duration) when it has an end, i.e. a file; null for a live feed. */
  endOfInput: number | null;
};

/**
 * Timestamp continuity per stream, in arrival order: a DTS (PTS when there is none) that goes back,
 * or jumps forward by more than a second, is one discontinuity. `sampledSeconds` is the longest
 * stretch of continuous time any stream covered, so a jump does not inflate it.
 *
 * ffprobe stops its sample at the first packet past the window and does not show that packet, so a
 * jump forward past the window's end is seen only as a sample that ended more than a second early
 * while the input went on: that counts as one discontinuity too.
 */
export function timestampContinuity(
  packets: TProbePacket[],
  window?: TSampleWindow,
): TSourceProbe['timestamps'] {
  const last = new Map<number, number>();
  let first: number | null = null;
  let latest = Number.NEGATIVE_INFINITY;
  const covered = new Map<number, number>();
  let discontinuities = 0;
  for (const packet of packets) {
    const time = timeOf(packet);
    if (time === null) continue;
    first ??= time;
    latest = Math.max(latest, time);
    const previous = last.get(packet.stream_index);
    last.set(packet.stream_index, time);
    if (previous === undefined) continue;
    const step = time - previous;
    if (step < 0 || step > MAX_FORWARD_JUMP_SECONDS) discontinuities += 1;
    else covered.set(packet.stream_index, (covered.get(packet.stream_index) ?? 0) + step);
  }
  if (window && first !== null) {
    const cutShort = latest < first + window.windowSeconds - MAX_FORWARD_JUMP_SECONDS;
    const inputEnded = window.endOfInput !== null && window.endOfInput - latest < MAX_FORWARD_JUMP_SECONDS;
    if (cutShort && !inputEnded) discontinuities += 1;
  }
  const sampledSeconds = Math.max(0, ...covered.values());
  return { sampledSeconds: Math.round(sampledSeconds * 100) / 100, packets: packets.length, discontinuities };
}

/** Packets from ffprobe's compact JSON (one packet a line), also when ffprobe was killed mid-answer. */
export function packetsFromPartialOutput(stdout: string): TProbePacket[] {
  const packets: TProbePacket[] = [];
  for (const line of stdout.split('\n')) {
    const index = /"stream_index": (\d+)/.exec(line)?.[1];
    if (index === undefined) continue;
    const dts = /"dts_time": "([^"]+)"/.exec(line)?.[1];
    const pts = /"pts_time": "([^"]+)"/.exec(line)?.[1];
    packets.push({ stream_index: Number(index), dts_time: dts, pts_time: pts });
  }
  return packets;
}
