import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Query parameters a signed media URL carries, in this order. */
export interface TPlaybackSignature {
  kid: string;
  exp: number;
  dev: string;
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
export const canonical = (prefix: string, deviceId: string, exp: number) =>
  `keten-play-v1\n${prefix}\n${deviceId}\n${exp}`;

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest();

/** Signs a folder prefix (`/media/live/<slug>/`) for one device until `exp` (epoch seconds). */
export function signPrefix(
  keys: TPlaybackKeys,
  prefix: string,
  deviceId: string,
  exp: number,
): TPlaybackSignature {
  const secret = keys.secrets[0];
  if (!secret) throw new Error('no playback signing key configured');
  return {
    kid: keyId(secret),
    exp,
    dev: deviceId,
    sig: b64url(mac(secret, canonical(prefix, deviceId, exp))),
  };
}

export const signatureQuery = (s: TPlaybackSignature) =>
  `kid=${encodeURIComponent(s.kid)}&exp=${s.exp}&dev=${encodeURIComponent(s.dev)}&sig=${s.sig}`;

/** Checks a request's params against the folder prefix it asks under; expiry is only trusted once the MAC matches. */
export function verifyPrefix(
  keys: TPlaybackKeys,
  prefix: string,
  query: Record<string, unknown>,
  nowSeconds = Math.floor(Date.now() / 1000),
): TSignatureCheck {
  const { kid, exp, dev, sig } = query;
  if (
    typeof kid !== 'string' ||
    typeof exp !== 'string' ||
    typeof dev !== 'string' ||
    typeof sig !== 'string'
  ) {
    return { ok: false, code: 'TOKEN_INVALID', message: 'Missing kid, exp, dev or sig.' };
  }
  const secret = keys.secrets.find((s) => keyId(s) === kid);
  if (!secret || !/^\d{1,12}$/.test(exp))
    return { ok: false, code: 'TOKEN_INVALID', message: 'Unknown key or malformed expiry.' };
  const expected = mac(secret, canonical(prefix, dev, Number(exp)));
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'TOKEN_INVALID', message: 'The playback signature does not match this URL.' };
  }
  if (Number(exp) <= nowSeconds)
    return { ok: false, code: 'TOKEN_EXPIRED', message: 'This playback URL has expired.' };
  return { ok: true, signature: { kid, exp: Number(exp), dev, sig } };
}
