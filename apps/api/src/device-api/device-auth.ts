import type { FastifyRequest } from 'fastify';
import type { TDeps } from '../deps';
import { KetenError } from '../lib/errors';
import { type TAccessClaims, verifyAccessToken } from './access-token';
import { deviceConfig } from './config';
import type { TDeviceRowWithFacts } from './device-row';
import { deviceRowCache } from './device-row-cache';
import { isFamilyRevoked } from './refresh-tokens';

/** Who is calling, from the verified token (model, firmware) and the device row (app version, region). */
export interface TDeviceIdentity {
  deviceId: string;
  subscriberId: string;
  boxModel: string;
  firmware: string | null;
  appVersion: string | null;
  region: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by registerDeviceApi so any route can authenticate a box. */
    deviceApiDeps: TDeps;
  }
  interface FastifyRequest {
    /** Set by requireDevice. */
    device?: TDeviceIdentity;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

export function bearerToken(request: FastifyRequest): string | undefined {
  return BEARER.exec(request.headers.authorization ?? '')?.[1];
}

const claimsOf = new WeakMap<FastifyRequest, Promise<TAccessClaims>>();

/**
 * The request's verified token claims, verified once however many steps ask (the rate limit keys on the device,
 * the route checks revocation). Rejects like verifyAccessToken.
 */
export function verifiedClaims(request: FastifyRequest): Promise<TAccessClaims> {
  let claims = claimsOf.get(request);
  if (!claims) {
    const { tokenSecret } = deviceConfig(request.server.deviceApiDeps);
    const token = bearerToken(request);
    claims = token
      ? verifyAccessToken(token, tokenSecret)
      : Promise.reject(
          new KetenError('TOKEN_INVALID', 'Send Authorization: Bearer <access token>.', 'authorization'),
        );
    claims.catch(() => {});
    claimsOf.set(request, claims);
  }
  return claims;
}

/** Whether the request's token family is revoked, when the rate limit already asked Redis in its round trip. */
const familyVerdicts = new WeakMap<FastifyRequest, { family: string; revoked: boolean }>();

export function rememberFamilyVerdict(request: FastifyRequest, family: string, revoked: boolean) {
  familyVerdicts.set(request, { family, revoked });
}

function familyRevoked(request: FastifyRequest, family: string): boolean | Promise<boolean> {
  const verdict = familyVerdicts.get(request);
  if (verdict?.family === family) return verdict.revoked;
  return isFamilyRevoked(request.server.deviceApiDeps.redis, family);
}

/**
 * Verifies the bearer token, that the console has not revoked the box and that its token family still stands. The
 * row comes with the subscriber's region and packages and the installed firmware (what /v1/config and /v1/firmware
 * evaluate against); it is kept in memory and dropped the moment PostgreSQL announces a change (device-row-cache.ts).
 */
export async function authenticateDevice(
  request: FastifyRequest,
): Promise<TDeviceIdentity & { row: TDeviceRowWithFacts }> {
  const deps = request.server.deviceApiDeps;
  const claims = await verifiedClaims(request);
  const current = (row: TDeviceRowWithFacts) =>
    row.tokenState === 'ACTIVE' &&
    row.tokenVersion === claims.tokenVersion &&
    row.subscriberId === claims.subscriberId;
  // Checked every call: a kept row that does not match the token is read again from PostgreSQL before refusing, so
  // a freshly activated box is never refused on a stale row; the family's mark came with the rate limit's round
  // trip, else one Redis EXISTS beside the row. A revoke bites on the very next call.
  const [row, revoked] = await Promise.all([
    deviceRowCache(deps.sql).read(claims.deviceId, current),
    familyRevoked(request, claims.family),
  ]);
  if (revoked) {
    throw new KetenError(
      'TOKEN_INVALID',
      'A refresh token of this box was used twice; its tokens are revoked. Activate the box again.',
    );
  }
  if (!row || !current(row)) {
    throw new KetenError('DEVICE_REVOKED', 'This box has been revoked; activate it again.');
  }
  return {
    deviceId: claims.deviceId,
    subscriberId: claims.subscriberId,
    boxModel: claims.boxModel,
    firmware: claims.firmware,
    appVersion: row.appVersion,
    region: row.region,
    row,
  };
}

/** preHandler for routes that need a device token: sets request.device, or throws the refusal (problem+json). */
export async function requireDevice(request: FastifyRequest) {
  const { row: _row, ...identity } = await authenticateDevice(request);
  request.device = identity;
}

/** The identity requireDevice set; a route without that preHandler is a programming error. */
export function deviceOf(request: FastifyRequest): TDeviceIdentity {
  if (!request.device) throw new Error('route is missing the requireDevice preHandler');
  return request.device;
}
