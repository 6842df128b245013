import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * How the console tells apps/api who is signing in: the client address its own server saw, in one header
 * signed with a key derived from NEXTAUTH_SECRET (which both already share). apps/api serves /auth/login only
 * to a request with a valid signature: only the console needs the route. A console that could not tell the
 * address (started without its own server.ts) signs `unknown`, and apps/api keys it on the console's address.
 * Server-only (node:crypto): import from `@keten/contracts/console-channel`, never from the browser.
 */
export const CLIENT_ADDRESS_HEADER = 'x-keten-client-address';

/** A signature older (or newer) than this is refused: a captured header cannot be replayed later. */
export const CLIENT_ADDRESS_MAX_SKEW_SECONDS = 60;

const keyCache = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = keyCache.get(secret);
  if (!key) {
    // Its own key, so this MAC can never be mistaken for a session token or anything else NEXTAUTH_SECRET signs.
    key = Buffer.from(hkdfSync('sha256', secret, '', 'keten console client address v1', 32));
    keyCache.set(secret, key);
  }
  return key;
}

// Bound to the sign-in's email: a header captured for one attempt cannot vouch for an address on another.
const mac = (secret: string, time: number, address: string, email: string) =>
  createHmac('sha256', keyFor(secret)).update(`${time}\n${address}\n${email.trim().toLowerCase()}`).digest();

// What the console signs when it does not know the client's address.
const UNKNOWN = 'unknown';

/** The header value for one sign-in attempt: `<address or unknown>;t=<unix seconds>;sig=<base64url>`. */
export function signClientAddress(
  secret: string,
  address: string | null,
  email: string,
  now = Date.now(),
): string {
  const time = Math.floor(now / 1000);
  const named = address ?? UNKNOWN;
  return `${named};t=${time};sig=${mac(secret, time, named, email).toString('base64url')}`;
}

const HEADER = /^([0-9A-Fa-f:.]{2,45}|unknown);t=(\d{1,12});sig=([A-Za-z0-9_-]{43})$/;

/** Why a present header was not believed, in words for the log of the side that refused it. */
export const CLIENT_ADDRESS_REFUSALS = {
  malformed: 'is malformed',
  stale: `was signed more than ${CLIENT_ADDRESS_MAX_SKEW_SECONDS} s away from this server's clock (are the console's and the API's clocks apart?)`,
  forged:
    "carries a signature that does not match (does the console's NEXTAUTH_SECRET differ from the API's, or was it forged?)",
} as const;

export type TClientAddressCheck =
  /** Signed by the console; `address` null when the console did not know it. */
  | { verdict: 'vouched'; address: string | null }
  | { verdict: 'absent' }
  | { verdict: 'refused'; reason: keyof typeof CLIENT_ADDRESS_REFUSALS };

/** Whether the header vouches for an address: absent, or present and refused (malformed, stale or forged). */
export function checkClientAddress(
  secret: string,
  header: string | string[] | undefined,
  email: string,
  now = Date.now(),
): TClientAddressCheck {
  if (header === undefined) return { verdict: 'absent' };
  const match = typeof header === 'string' ? HEADER.exec(header) : null;
  if (!match) return { verdict: 'refused', reason: 'malformed' };
  const [, address = '', timeText = '', signature = ''] = match;
  if (address !== UNKNOWN && !isIP(address)) return { verdict: 'refused', reason: 'malformed' };
  if (Math.abs(now / 1000 - Number(timeText)) > CLIENT_ADDRESS_MAX_SKEW_SECONDS) {
    return { verdict: 'refused', reason: 'stale' };
  }
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, Number(timeText), address, email);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { verdict: 'vouched', address: address === UNKNOWN ? null : address }
    : { verdict: 'refused', reason: 'forged' };
}

/**
 * /auth/login's 429 body beyond the problem document: how long to wait and which limit refused. `account`: the
 * account drew too many failures from everywhere this hour and this address never signed in to it (it is not
 * about "here"); the others count this address's own failures.
 */
export const ZLoginRateLimitedSchema = z.object({
  retryAfterSeconds: z.number(),
  limit: z.enum(['address', 'account-address', 'account']),
});
export type TLoginRateLimited = z.infer<typeof ZLoginRateLimitedSchema>;
export type TLoginLimitKind = TLoginRateLimited['limit'];
