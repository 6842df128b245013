import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TDeps } from '../trpc/context';
import { verifyAccessToken } from './access-token';
import { deviceConfig } from './config';
import { DeviceProblem, sendDeviceProblem } from './device-problem';

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

/** Verifies the bearer token and that the console has not revoked the box since it was minted. */
export async function authenticateDevice(request: FastifyRequest): Promise<TDeviceIdentity> {
  const deps = request.server.deviceApiDeps;
  const { tokenSecret } = deviceConfig(deps);
  const token = bearerToken(request);
  if (!token)
    throw new DeviceProblem('TOKEN_INVALID', 'Send Authorization: Bearer <access token>.', 'authorization');
  const claims = await verifyAccessToken(token, tokenSecret);
  // Read every time (an indexed primary-key lookup): a revoke must bite on the very next call.
  const row = await deps.prisma.device.findUnique({
    where: { id: claims.deviceId },
    select: { tokenState: true, tokenVersion: true, subscriberId: true, appVersion: true, region: true },
  });
  if (
    row?.tokenState !== 'ACTIVE' ||
    row.tokenVersion !== claims.tokenVersion ||
    row.subscriberId !== claims.subscriberId
  ) {
    throw new DeviceProblem('DEVICE_REVOKED', 'This box has been revoked; activate it again.');
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

/** preHandler for routes that need a device token: sets request.device or answers problem+json. */
export async function requireDevice(request: FastifyRequest, reply: FastifyReply) {
  try {
    request.device = await authenticateDevice(request);
  } catch (error) {
    if (error instanceof DeviceProblem) return sendDeviceProblem(reply, error);
    throw error;
  }
}

/** The identity requireDevice set; a route without that preHandler is a programming error. */
export function deviceOf(request: FastifyRequest): TDeviceIdentity {
  if (!request.device) throw new Error('route is missing the requireDevice preHandler');
  return request.device;
}
