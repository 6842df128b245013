import { createHash, randomBytes } from 'node:crypto';

/** A new player token: 32 random bytes (base64url, 43 characters); only its hash is stored. */
export function newPlayerToken() {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashPlayerToken(token), hint: token.slice(-4) };
}

/** SHA-256, base64url: the token is random enough that no salt or slow hash is needed to keep it secret. */
export const hashPlayerToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Paths under /v1 that carry the token; the log redaction (redact.ts) and the routes share them. */
export const playerPaths = (token: string) => ({
  playlist: `/v1/p/${token}/playlist.m3u`,
  epg: `/v1/p/${token}/epg.xml`,
  stream: (slug: string) => `/v1/p/${token}/live/${slug}.m3u8`,
});
