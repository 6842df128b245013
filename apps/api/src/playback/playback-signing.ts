import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A counted URL (lineup, M3U, player URLs) also signs the subscriber whose concurrent-stream limit its playlist
 * requests count against, and that limit: the origin needs no lookup to count.
 */
export interface TStreamCount {
  sub: string;
  max: number;
}

/** Query parameters a signed media URL carries, in this order (sub and max only on a counted URL, before sig). */
export interface TPlaybackSignature {
  kid: string;
  exp: number;
  dev: string;
  count?: TStreamCount;
  sig: string;
}

/** Signing keys: the first signs, every one verifies (rotation: prepend the new key, drop the old after the longest TTL). */
export interface TPlaybackKeys {
  secrets: string[];
}

export type TSignatureCheck =
  | { ok: true; signature: TPlaybackSignature }
  | { ok: false; code: 'TOKEN_INVALID' | 'TOKEN_EXPIRED'; message: string };

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/** A key's public id: 8 base64url chars of SHA-256(secret), so an edge can pick the key without a lookup table. */
export const keyId = (secret: string) => b64url(createHash('sha256').update(secret).digest()).slice(0, 8);

/** The exact bytes that are signed; README "Signed playback URLs" documents this for CDN edges. */
export const canonical = (prefix: string, deviceId: string, exp: number, count?: TStreamCount) =>
  count
    ? `keten-play-count-v1\n${prefix}\n${deviceId}\n${exp}\n${count.sub}\n${count.max}`
    : `keten-play-v1\n${prefix}\n${deviceId}\n${exp}`;

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest();

/**
 * The one accepted spelling of each parameter, checked on the raw query: characters that never need
 * percent-encoding, exp without leading zeros, sig exactly the unpadded base64url of 32 bytes.
 */
const CANONICAL = {
  kid: /^[A-Za-z0-9_-]{8}$/,
  exp: /^[1-9][0-9]{0,11}$/,
  dev: /^[A-Za-z0-9_-]{1,64}$/,
  sub: /^[A-Za-z0-9_-]{1,64}$/,
  max: /^[1-9][0-9]{0,3}$/,
  sig: /^[A-Za-z0-9_-]{43}$/,
} as const;
type TParam = keyof typeof CANONICAL;
const PARAMS = Object.keys(CANONICAL) as TParam[];
/** Present on counted URLs only, and then both. */
const OPTIONAL: readonly TParam[] = ['sub', 'max'];
const isParam = (name: string): name is TParam => (PARAMS as string[]).includes(name);

/** Signs a folder prefix (`/media/live/<slug>/`) for one device until `exp` (epoch seconds); `count` makes it counted. */
export function signPrefix(
  keys: TPlaybackKeys,
  prefix: string,
  deviceId: string,
  exp: number,
  count?: TStreamCount,
): TPlaybackSignature {
  const secret = keys.secrets[0];
  if (!secret) throw new Error('no playback signing key configured');
  // Never hand out a URL the origin would refuse.
  const refused =
    !CANONICAL.dev.test(deviceId) ||
    !CANONICAL.exp.test(String(exp)) ||
    (count && (!CANONICAL.sub.test(count.sub) || !CANONICAL.max.test(String(count.max))));
  if (refused)
    throw new Error(
      `cannot sign for device ${JSON.stringify(deviceId)} until ${exp} (${JSON.stringify(count)})`,
    );
  return {
    kid: keyId(secret),
    exp,
    dev: deviceId,
    ...(count ? { count: { sub: count.sub, max: count.max } } : {}),
    sig: b64url(mac(secret, canonical(prefix, deviceId, exp, count))),
  };
}

/** Every value is in its canonical alphabet already, so nothing is percent-encoded. */
export const signatureQuery = (s: TPlaybackSignature) =>
  `kid=${s.kid}&exp=${s.exp}&dev=${s.dev}${s.count ? `&sub=${s.count.sub}&max=${s.count.max}` : ''}&sig=${s.sig}`;

const decodedName = (raw: string) => {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
};

/**
 * kid, exp, dev and sig (and on a counted URL sub and max) from the raw query (everything after `?`), each present
 * once, spelled canonically; other parameters (a player's own, e.g. `_HLS_msn`) are ignored and never signed.
 */
export function signedParams(rawQuery: string): Partial<Record<TParam, string>> | string {
  const found: Partial<Record<TParam, string>> = {};
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodedName(rawName);
    if (!isParam(name)) continue;
    if (rawName !== name) return `${name} must not be percent-encoded.`;
    if (found[name] !== undefined) return `${name} must appear once.`;
    found[name] = eq < 0 ? '' : pair.slice(eq + 1);
  }
  for (const name of PARAMS) {
    const value = found[name];
    if (value === undefined) {
      if (OPTIONAL.includes(name)) continue;
      return 'Missing kid, exp, dev or sig.';
    }
    if (!CANONICAL[name].test(value)) return `${name} is not in its canonical form.`;
  }
  if ((found.sub === undefined) !== (found.max === undefined)) return 'sub and max go together.';
  // 43 chars carry 258 bits for 256: the spare bits of the last one must be zero, so one spelling per MAC.
  const sig = found.sig ?? '';
  if (b64url(Buffer.from(sig, 'base64url')) !== sig) return 'sig is not in its canonical form.';
  return found;
}

/** Checks a request's raw query against the folder prefix it asks under; expiry is only trusted once the MAC matches. */
export function verifyPrefix(
  keys: TPlaybackKeys,
  prefix: string,
  rawQuery: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): TSignatureCheck {
  const params = signedParams(rawQuery);
  if (typeof params === 'string') return { ok: false, code: 'TOKEN_INVALID', message: params };
  const { kid = '', dev = '', sig = '', sub } = params;
  const exp = Number(params.exp);
  const count = sub === undefined ? undefined : { sub, max: Number(params.max) };
  const secret = keys.secrets.find((s) => keyId(s) === kid);
  if (!secret) return { ok: false, code: 'TOKEN_INVALID', message: 'Unknown signing key.' };
  const expected = mac(secret, canonical(prefix, dev, exp, count));
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'TOKEN_INVALID', message: 'The playback signature does not match this URL.' };
  }
  if (exp <= nowSeconds)
    return { ok: false, code: 'TOKEN_EXPIRED', message: 'This playback URL has expired.' };
  return { ok: true, signature: { kid, exp, dev, ...(count ? { count } : {}), sig } };
}
