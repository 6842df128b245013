import type { TDeviceTokenPair } from '@keten/contracts';
import type { TDeps } from '../deps';
import { KetenError } from '../lib/errors';
import { signAccessToken, type TAccessClaims } from './access-token';
import { ACCESS_TOKEN_SECONDS, deviceConfig, REFRESH_TOKEN_SECONDS } from './config';
import { issueRefreshToken, newFamilyId, redeemRefreshToken } from './refresh-tokens';

const familyRevoked = () =>
  new KetenError(
    'TOKEN_INVALID',
    'This refresh token was used twice; every token of its family is revoked. Activate the box again.',
    'refreshToken',
  );

/**
 * An access token and a refresh token in the given family (a new one at activation). The refresh token
 * comes first: when the family was revoked meanwhile, no access token is signed at all.
 */
export async function mintTokenPair(
  deps: TDeps,
  claims: Omit<TAccessClaims, 'family'>,
  family: string = newFamilyId(),
): Promise<TDeviceTokenPair> {
  const { tokenSecret } = deviceConfig(deps);
  const refreshToken = await issueRefreshToken(deps.redis, {
    deviceId: claims.deviceId,
    tokenVersion: claims.tokenVersion,
    family,
  });
  if (!refreshToken) throw familyRevoked();
  return {
    tokenType: 'Bearer',
    accessToken: await signAccessToken({ ...claims, family }, tokenSecret),
    expiresIn: ACCESS_TOKEN_SECONDS,
    refreshToken,
    refreshExpiresIn: REFRESH_TOKEN_SECONDS,
    device: { id: claims.deviceId, boxModel: claims.boxModel, firmware: claims.firmware },
  };
}

/** Rotates a refresh token: the old one dies, and the box's current model/firmware go into the new access token. */
export async function refreshTokens(deps: TDeps, refreshToken: string): Promise<TDeviceTokenPair> {
  deviceConfig(deps);
  const redeemed = await redeemRefreshToken(deps.redis, refreshToken);
  if (redeemed.kind === 'revoked') throw familyRevoked();
  if (redeemed.kind === 'unknown') {
    throw new KetenError('TOKEN_INVALID', 'Unknown or expired refresh token.', 'refreshToken');
  }
  const { record } = redeemed;
  const device = await deps.prisma.device.findUnique({
    where: { id: record.deviceId },
    select: {
      tokenState: true,
      tokenVersion: true,
      subscriberId: true,
      boxModel: { select: { code: true } },
      firmwareVersion: { select: { version: true } },
    },
  });
  if (
    device?.tokenState !== 'ACTIVE' ||
    device.tokenVersion !== record.tokenVersion ||
    !device.subscriberId
  ) {
    throw new KetenError('DEVICE_REVOKED', 'This box has been revoked; activate it again.');
  }
  return mintTokenPair(
    deps,
    {
      deviceId: record.deviceId,
      subscriberId: device.subscriberId,
      boxModel: device.boxModel.code,
      firmware: device.firmwareVersion?.version ?? null,
      tokenVersion: device.tokenVersion,
    },
    record.family,
  );
}
