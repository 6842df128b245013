import { createHmac } from 'node:crypto';
import type { TDeps } from '../deps';
import { deviceConfig } from '../device-api/config';
import type { TPlaybackKeys } from './playback-signing';

/** PLAYBACK_SIGNING_SECRET(s) when set; otherwise a key derived from DEVICE_TOKEN_SECRET, so a leak of one is not the other. */
export function playbackKeys(deps: Pick<TDeps, 'deviceApi'>): TPlaybackKeys {
  const config = deviceConfig(deps);
  if (config.playbackSecrets?.length) return { secrets: config.playbackSecrets };
  return {
    secrets: [createHmac('sha256', config.tokenSecret).update('keten-playback-v1').digest('base64url')],
  };
}
