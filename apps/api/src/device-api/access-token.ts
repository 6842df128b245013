import { errors, jwtVerify, SignJWT } from 'jose';
import { KetenError } from '../lib/errors';
import { ACCESS_TOKEN_SECONDS } from './config';

/** What an access token asserts; the box never gets to say these things in a body. */
export interface TAccessClaims {
  deviceId: string;
  subscriberId: string;
  boxModel: string;
  firmware: string | null;
  tokenVersion: number;
  /** The refresh-token family it was minted in: revoking the family ends this token too. */
  family: string;
}

const AUDIENCE = 'keten-device';
const ISSUER = 'keten-api';
const key = (secret: string) => new TextEncoder().encode(secret);

export async function signAccessToken(claims: TAccessClaims, secret: string, now = new Date()) {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    sid: claims.subscriberId,
    mdl: claims.boxModel,
    fw: claims.firmware,
    tv: claims.tokenVersion,
    fam: claims.family,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.deviceId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .sign(key(secret));
}

/**
 * Tokens that verified, until the moment they would stop verifying (exp, or iat + the longest lifetime, each with the
 * clock tolerance): a box reuses one access token for 15 minutes, polling many times, and jose's HS256 check (WebCrypto,
 * asynchronous) was the largest single cost of a /v1 call. Only the signature and lifetime are remembered; revocation
 * is checked on every call all the same (device-auth.ts). Bounded: the oldest entry goes first.
 */
const VERIFIED_MAX = 20_000;
const TOLERANCE_SECONDS = 5;
const verified = new Map<string, { secret: string; claims: TAccessClaims; until: number }>();

function remember(token: string, secret: string, claims: TAccessClaims, exp?: number, iat?: number) {
  if (exp === undefined || iat === undefined) return;
  const until = (Math.min(exp, iat + ACCESS_TOKEN_SECONDS) + TOLERANCE_SECONDS) * 1000;
  if (verified.size >= VERIFIED_MAX) {
    const oldest = verified.keys().next();
    if (!oldest.done) verified.delete(oldest.value);
  }
  verified.set(token, { secret, claims, until });
}

/**
 * Verifies signature, issuer, audience and lifetime (a token without `exp`, or issued longer ago than an
 * access token lives, is refused); maps every failure to TOKEN_EXPIRED or TOKEN_INVALID. A token that lacks its
 * family only because it was issued before families existed counts as expired, never invalid: boxes refresh on
 * TOKEN_EXPIRED, so they carry on through the upgrade instead of failing until the token would have expired.
 */
export async function verifyAccessToken(token: string, secret: string): Promise<TAccessClaims> {
  const known = verified.get(token);
  if (known && known.secret === secret && Date.now() < known.until) return known.claims;
  if (known) verified.delete(token);
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: ACCESS_TOKEN_SECONDS,
      // API instances whose clocks differ by a few seconds still accept each other's fresh tokens.
      clockTolerance: TOLERANCE_SECONDS,
    });
    const { sub, sid, mdl, fw, tv, fam } = payload;
    if (
      typeof sub !== 'string' ||
      typeof sid !== 'string' ||
      typeof mdl !== 'string' ||
      typeof tv !== 'number'
    ) {
      throw new KetenError('TOKEN_INVALID', 'The access token lacks device claims.');
    }
    // Signed by us before access tokens named their family: expired, so the box refreshes into a token that does.
    if (typeof fam !== 'string') {
      throw new KetenError('TOKEN_EXPIRED', 'The access token is from before an upgrade; refresh it.');
    }
    const claims: TAccessClaims = {
      deviceId: sub,
      subscriberId: sid,
      boxModel: mdl,
      firmware: typeof fw === 'string' ? fw : null,
      tokenVersion: tv,
      family: fam,
    };
    remember(token, secret, claims, payload.exp, payload.iat);
    return claims;
  } catch (error) {
    if (error instanceof KetenError) throw error;
    if (error instanceof errors.JWTExpired) {
      throw new KetenError('TOKEN_EXPIRED', 'The access token has expired; refresh it.');
    }
    throw new KetenError('TOKEN_INVALID', 'The access token is not valid.');
  }
}
