import hkdf from '@panva/hkdf';
import { EncryptJWT, jwtDecrypt } from 'jose';

/** The console's next-auth v4 session cookie names (plain http and https). */
export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/**
 * What apps/api reads from a console session. next-auth re-encrypts the cookie (new jti, iat and exp)
 * whenever the session is read, so the session is named by `sid`, fixed at sign-in, not by the jti.
 */
export interface TSessionClaims {
  /** The operator's id. */
  sub: string;
  /** This sign-in's id, the same in every re-encryption of its cookie: what sign-out revokes. */
  sid: string;
  /** The operator's sessionVersion at sign-in: disabling raises it, which ends every older session. */
  sv: number;
  /** Unix seconds: the session's hard end, 8 h after sign-in, however often the cookie was renewed. */
  sessionEndsAt: number;
}

const CLOCK_TOLERANCE_SECONDS = 15;

// Derived once per secret: HKDF on every request was ~10% of a console request's CPU (profiled in the sweep).
const derivedKeys = new Map<string, Promise<Uint8Array>>();

// Same derivation as next-auth v4's jwt/index.js, so both sides read one token with one secret.
function encryptionKey(secret: string): Promise<Uint8Array> {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = hkdf('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32);
    derivedKeys.set(secret, key);
  }
  return key;
}

/** Decrypts a next-auth v4 session token; null when absent, tampered, expired, past its end or lacking a claim. */
export async function decodeSessionToken(
  token: string | undefined,
  secret: string,
  now = Date.now(),
): Promise<TSessionClaims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtDecrypt(token, await encryptionKey(secret), {
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(now),
    });
    const { sub, sid, sv, sessionEndsAt } = payload;
    if (typeof sub !== 'string' || sub.length === 0 || typeof sid !== 'string' || sid.length === 0)
      return null;
    if (!Number.isInteger(sv) || typeof sessionEndsAt !== 'number') return null;
    if (now / 1000 > sessionEndsAt + CLOCK_TOLERANCE_SECONDS) return null;
    return { sub, sid, sv: sv as number, sessionEndsAt };
  } catch {
    return null;
  }
}

/** Encrypts a session token exactly as the console's next-auth does (used by tests and tools). */
export async function encodeSessionToken(
  claims: Record<string, unknown> & Pick<TSessionClaims, 'sub'> & Partial<TSessionClaims>,
  secret: string,
  maxAgeSeconds = 8 * 3600,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT({ sid: crypto.randomUUID(), sv: 0, sessionEndsAt: now + maxAgeSeconds, ...claims })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(now + maxAgeSeconds)
    .setJti(crypto.randomUUID())
    .encrypt(await encryptionKey(secret));
}

/** Reads the session token from a Cookie header, joining next-auth's chunked cookies (name.0, name.1, …). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  for (const name of SESSION_COOKIES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length > 0) return chunks.join('');
  }
  return undefined;
}
