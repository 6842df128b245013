/**
 * Whether a second reader (a probe) can open this feed while the live encoder reads it. HTTP, HLS,
 * RTMP and SRT callers get a connection each, and multicast is made for many receivers; a unicast
 * UDP/RTP port is bound by the encoder, and a probe there would take packets away from it.
 */
export function feedAllowsSecondReader(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'udp:' || parsed.protocol === 'rtp:') {
    const first = Number(parsed.hostname.replace(/^@/, '').split('.')[0]);
    return first >= 224 && first <= 239;
  }
  if (parsed.protocol === 'srt:') return parsed.searchParams.get('mode') !== 'listener';
  return ['http:', 'https:', 'rtmp:', 'rtmps:', 'file:'].includes(parsed.protocol);
}
