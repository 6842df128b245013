import type { FastifyRequest } from 'fastify';
import type { TDeps } from '../deps';
import { KetenError } from '../lib/errors';
import { type TAccessClaims, verifyAccessToken } from './access-token';
import { deviceConfig } from './config';
import { readDeviceRow, type TDeviceRow } from './device-row';
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
 * Verifies the bearer token, that the console has not revoked the box and that its token family still stands.
 * `read` loads the box's row (a route may load more with it in the same round trip, as /v1/config does).
 */
export async function authenticateDevice<TRow extends TDeviceRow = TDeviceRow>(
  request: FastifyRequest,
  read: (deviceId: string) => Promise<TRow | null> = (deviceId) =>
    readDeviceRow(request.server.deviceApiDeps.sql, deviceId) as Promise<TRow | null>,
): Promise<TDeviceIdentity & { row: TRow }> {
  const claims = await verifiedClaims(request);
  // Read every time (a primary-key lookup; the family's mark came with the rate limit's round trip, else one
  // Redis EXISTS beside the row): a revoke bites on the very next call.
  const [row, revoked] = await Promise.all([read(claims.deviceId), familyRevoked(request, claims.family)]);
  if (revoked) {
    throw new KetenError(
      'TOKEN_INVALID',
      'A refresh token of this box was used twice; its tokens are revoked. Activate the box again.',
    );
  }
  if (
    row?.tokenState !== 'ACTIVE' ||
    row.tokenVersion !== claims.tokenVersion ||
    row.subscriberId !== claims.subscriberId
  ) {
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
