import type { TPlayerUrls } from '@keten/contracts';
import type { TActor } from '../audit/audit.service';
import type { TDeps } from '../deps';
import { publicBaseUrl } from '../device-api/m3u';
import { KetenError } from '../lib/errors';
import { changeDevice } from '../subscribers/devices.service';
import type { TDeviceIdInput } from '../subscribers/subscribers.schema';
import { hashPlayerToken, newPlayerToken, playerPaths } from './player-token';

/**
 * Issues the box's player URLs, or reissues them: the new token replaces the old one in the same audited update,
 * so the old URLs are refused from that commit on. The token itself is in this answer only (the row keeps its hash).
 */
export async function issuePlayerUrls(
  deps: Pick<TDeps, 'prisma' | 'publicApiUrl'>,
  actor: TActor,
  input: TDeviceIdInput,
): Promise<TPlayerUrls> {
  const { token, hash, hint } = newPlayerToken();
  const issuedAt = new Date();
  await changeDevice(deps.prisma, actor, input.deviceId, 'device.player-urls-issue', async (_tx, before) => {
    if (!before.subscriber) {
      throw new KetenError(
        'CONFLICT',
        'Assign the box to a subscriber before issuing player URLs.',
        'deviceId',
      );
    }
    if (before.tokenState === 'REVOKED') {
      throw new KetenError('CONFLICT', 'This box is revoked: activate it again first.', 'deviceId');
    }
    return { playerTokenHash: hash, playerTokenHint: hint, playerTokenIssuedAt: issuedAt };
  });
  const origin = publicBaseUrl(deps);
  const paths = playerPaths(token);
  return { playlistUrl: origin + paths.playlist, epgUrl: origin + paths.epg, hint, issuedAt };
}

/** Who a player URL plays as: its box, that box's subscriber and model (the lineup's inputs). */
export interface TPlayer {
  deviceId: string;
  subscriberId: string;
  boxModel: string;
}

export type TPlayerRefusal = { code: 'TOKEN_INVALID' | 'DEVICE_REVOKED'; message: string };

/** The box a player token belongs to, read on every request so a reissue or revoke bites on the next one. */
export async function resolvePlayer(
  deps: Pick<TDeps, 'prisma'>,
  token: string,
): Promise<TPlayer | TPlayerRefusal> {
  const device = await deps.prisma.device.findUnique({
    where: { playerTokenHash: hashPlayerToken(token) },
    select: { id: true, subscriberId: true, tokenState: true, boxModel: { select: { code: true } } },
  });
  if (!device?.subscriberId) {
    return {
      code: 'TOKEN_INVALID',
      message:
        'This player URL is no longer valid (reissued, or its box was revoked or moved). Ask for the new one.',
    };
  }
  // Revoking clears the token too; this holds for a row changed by hand.
  if (device.tokenState === 'REVOKED')
    return { code: 'DEVICE_REVOKED', message: 'This box has been revoked.' };
  return { deviceId: device.id, subscriberId: device.subscriberId, boxModel: device.boxModel.code };
}
