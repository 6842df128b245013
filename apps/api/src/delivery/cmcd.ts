/** What the origin reads of a request's CMCD (CTA-5004): the keys that join a delivery to its QoE session. */
export interface TCmcd {
  /** sid: @keten/beacon's session id. */
  sessionId: string;
  /** cid: the channel id the player plays. */
  contentId: string;
  /** br: encoded bitrate of the requested object, kbps. */
  bitrateKbps: number;
}

const NO_CMCD: TCmcd = { sessionId: '', contentId: '', bitrateKbps: 0 };
// Ids as players send them (uuids, cuids, slugs); anything else is not stored, so a record is always well-formed.
const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const CMCD_PARAM = /(?:^|&)CMCD=([^&]*)/;
const SID = /(?:^|,)\s*sid="([^"]*)"/;
const CID = /(?:^|,)\s*cid="([^"]*)"/;
const BR = /(?:^|,)\s*br=(\d{1,7})(?:,|$)/;

/**
 * CMCD from the `CMCD` query parameter (hls.js's default transmission; hls.js percent-encodes it) or from the
 * CMCD-Session / CMCD-Object headers. Unreadable or absent keys read as empty: CMCD is telemetry, never refused.
 */
export function readCmcd(rawQuery: string, headers: Record<string, string | string[] | undefined>): TCmcd {
  const match = CMCD_PARAM.exec(rawQuery);
  let text = '';
  if (match?.[1]) {
    try {
      text = decodeURIComponent(match[1]);
    } catch {
      return NO_CMCD;
    }
  } else {
    const session = headers['cmcd-session'];
    const object = headers['cmcd-object'];
    if (typeof session !== 'string' && typeof object !== 'string') return NO_CMCD;
    text = [session, object].filter((part) => typeof part === 'string').join(',');
  }
  if (text.length > 1024) return NO_CMCD;
  // Three regexes over the decoded text: cheaper than splitting it (the origin runs this on every request).
  const sid = SID.exec(text)?.[1] ?? '';
  const cid = CID.exec(text)?.[1] ?? '';
  const br = BR.exec(text)?.[1];
  return {
    sessionId: ID.test(sid) ? sid : '',
    contentId: ID.test(cid) ? cid : '',
    bitrateKbps: br ? Number(br) : 0,
  };
}
