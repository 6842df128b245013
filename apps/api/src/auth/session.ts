import hkdf from '@panva/hkdf';
import { EncryptJWT, jwtDecrypt } from 'jose';

/** The console's next-auth v4 session cookie names (plain http and https). */
export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

export interface TSessionClaims {
  sub: string;
}

// Same derivation as next-auth v4's jwt/index.js, so both sides read one token with one secret.
async function encryptionKey(secret: string): Promise<Uint8Array> {
  return hkdf('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32);
}

/** Decrypts a next-auth v4 session token; null when absent, tampered, expired or without a subject. */
export async function decodeSessionToken(
  token: string | undefined,
  secret: string,
): Promise<TSessionClaims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtDecrypt(token, await encryptionKey(secret), { clockTolerance: 15 });
    return typeof payload.sub === 'string' && payload.sub.length > 0 ? { sub: payload.sub } : null;
  } catch {
    return null;
  }
}

/** Encrypts a session token exactly as next-auth v4 does (used by tests and tools). */
export async function encodeSessionToken(
  claims: Record<string, unknown> & TSessionClaims,
  secret: string,
  maxAgeSeconds = 8 * 3600,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(claims)
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
