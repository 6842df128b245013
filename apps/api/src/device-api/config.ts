import type { TDeps } from '../deps';
import { KetenError } from '../lib/errors';

/** Settings of the device API; tokens cannot be minted without a secret, so routes answer 503 then. */
export interface TDeviceApiConfig {
  /** HS256 key for access tokens, at least 32 characters. */
  tokenSecret: string;
  /** Factory secret for serial + MAC activation; absent disables that path. */
  provisioningSecret?: string;
  /** PLAYBACK_SIGNING_SECRET(s): the first signs media URLs, all verify; absent, one is derived from tokenSecret. */
  playbackSecrets?: string[];
  /** DEVICE_ROW_CACHE_SECONDS: how long a device row is kept in memory; 0 reads PostgreSQL on every call. */
  rowCacheSeconds?: number;
  /** Requests per device (or IP before activation) per minute. */
  rateLimitPerMinute?: number;
  /** How long a stream counts after its last heartbeat or playlist request; unset 60 s (tests shorten it). */
  streamTtlMs?: number;
}

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 3600;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

/** Read per request, so config handed over after boot (tests) is honoured. */
export function deviceConfig(deps: Pick<TDeps, 'deviceApi'>): TDeviceApiConfig {
  if (!deps.deviceApi) throw new KetenError('DEVICE_API_DISABLED', 'The device API is not configured.');
  return deps.deviceApi;
}
