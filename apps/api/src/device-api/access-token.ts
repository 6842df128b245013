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
 * Verifies signature, issuer, audience and lifetime (a token without `exp`, or issued longer ago than an
 * access token lives, is refused); maps every failure to TOKEN_EXPIRED or TOKEN_INVALID. A token that lacks its
 * family only because it was issued before families existed counts as expired, never invalid: boxes refresh on
 * TOKEN_EXPIRED, so they carry on through the upgrade instead of failing until the token would have expired.
 */
export async function verifyAccessToken(token: string, secret: string): Promise<TAccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: ACCESS_TOKEN_SECONDS,
      // API instances whose clocks differ by a few seconds still accept each other's fresh tokens.
      clockTolerance: 5,
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
    return {
      deviceId: sub,
      subscriberId: sid,
      boxModel: mdl,
      firmware: typeof fw === 'string' ? fw : null,
      tokenVersion: tv,
      family: fam,
    };
  } catch (error) {
    if (error instanceof KetenError) throw error;
    if (error instanceof errors.JWTExpired) {
      throw new KetenError('TOKEN_EXPIRED', 'The access token has expired; refresh it.');
    }
    throw new KetenError('TOKEN_INVALID', 'The access token is not valid.');
  }
}
