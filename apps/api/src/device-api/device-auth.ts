import type { FastifyRequest } from 'fastify';
import type { TDeps } from '../deps';
import { KetenError } from '../lib/errors';
import { verifyAccessToken } from './access-token';
import { deviceConfig } from './config';
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

/** Verifies the bearer token, that the console has not revoked the box and that its token family still stands. */
export async function authenticateDevice(request: FastifyRequest): Promise<TDeviceIdentity> {
  const deps = request.server.deviceApiDeps;
  const { tokenSecret } = deviceConfig(deps);
  const token = bearerToken(request);
  if (!token)
    throw new KetenError('TOKEN_INVALID', 'Send Authorization: Bearer <access token>.', 'authorization');
  const claims = await verifyAccessToken(token, tokenSecret);
  // Read every time, side by side (a primary-key lookup, one Redis EXISTS): a revoke bites on the very next call.
  const [row, familyRevoked] = await Promise.all([
    deps.prisma.device.findUnique({
      where: { id: claims.deviceId },
      select: { tokenState: true, tokenVersion: true, subscriberId: true, appVersion: true, region: true },
    }),
    isFamilyRevoked(deps.redis, claims.family),
  ]);
  if (familyRevoked) {
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
  };
}

/** preHandler for routes that need a device token: sets request.device, or throws the refusal (problem+json). */
export async function requireDevice(request: FastifyRequest) {
  request.device = await authenticateDevice(request);
}

/** The identity requireDevice set; a route without that preHandler is a programming error. */
export function deviceOf(request: FastifyRequest): TDeviceIdentity {
  if (!request.device) throw new Error('route is missing the requireDevice preHandler');
  return request.device;
}
