import { z } from 'zod';
import { zText } from './text';

// Player URLs (/v1/p/<token>/…): what VLC, Kodi, TiviMate and mpv load without any header.

/** 32 random bytes, base64url without padding. */
export const PLAYER_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const ZPlayerTokenParamsSchema = z.object({
  token: zText(43).regex(PLAYER_TOKEN, 'is not a player token'),
});

/** GET /v1/p/<token>/live/<slug>.m3u8: the channel as the M3U lists it. */
export const ZPlayerStreamParamsSchema = ZPlayerTokenParamsSchema.extend({
  slug: zText(100).regex(/^[a-z0-9][a-z0-9-]*$/, 'is not a channel slug'),
});

/**
 * `offAir=show` also lists channels without a picture now, in the group "Off air" with "(off air)" after the
 * name; their URL plays once they are back. Default `hide`: only channels on air.
 */
export const ZPlaylistQuerySchema = z.object({
  offAir: z.enum(['hide', 'show'], { error: 'must be hide or show' }).default('hide'),
});
export type TPlaylistQuery = z.infer<typeof ZPlaylistQuerySchema>;

/** What support hands to a subscriber: paste the first into the player as the playlist, the second as the guide. */
export const ZPlayerUrlsSchema = z.object({
  playlistUrl: z.string(),
  epgUrl: z.string(),
  /** The token's last 4 characters: both URLs end their token part with them. */
  hint: z.string(),
  issuedAt: z.date(),
});
export type TPlayerUrls = z.infer<typeof ZPlayerUrlsSchema>;
