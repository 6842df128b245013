import {
  DEFAULT_XMLTV_ID_DOMAIN,
  ZEpgQuerySchema,
  ZPlayerStreamParamsSchema,
  ZPlayerTokenParamsSchema,
  ZPlaylistQuerySchema,
} from '@keten/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TDeps } from '../deps';
import { deviceXmltv } from '../device-api/guide.service';
import { REVALIDATE, sendCached } from '../device-api/http-cache';
import { deviceLineup } from '../device-api/lineup.service';
import { buildM3u, M3U_CONTENT_TYPE, publicBaseUrl } from '../device-api/m3u';
import { sendInvalidInput, sendProblem } from '../lib/problem';
import { PLAY_URL_SECONDS, signedChannelUrl, streamCountOf } from '../playback/playback.service';
import { playbackKeys } from '../playback/playback-keys';
import { playerPaths } from './player-token';
import { resolvePlayer, type TPlayer } from './player-urls.service';

/** The token from the path, then its box; answers 400/403 itself and returns undefined when refused. */
async function playerOf(deps: TDeps, request: FastifyRequest, reply: FastifyReply) {
  const params = ZPlayerTokenParamsSchema.safeParse(request.params);
  if (!params.success) return void sendInvalidInput(reply, params.error);
  const player = await resolvePlayer(deps, params.data.token);
  // 403, not 401: there is no header a player could send instead.
  if ('code' in player) return void sendProblem(reply, 403, player);
  return { ...player, token: params.data.token };
}

const lineupOf = (deps: TDeps, player: TPlayer) => deviceLineup(deps.prisma, player);

/**
 * GET /v1/p/<token>/playlist.m3u, /epg.xml and /live/<slug>.m3u8: what VLC, Kodi, TiviMate and mpv load by URL
 * alone (device-api/README.md, "Player URLs"). Registered inside the /v1 scope: its rate limit (per IP here) and error handler apply.
 */
export function registerPlayerRoutes(app: FastifyInstance, deps: TDeps) {
  app.get('/p/:token/playlist.m3u', async (request, reply) => {
    const query = ZPlaylistQuerySchema.safeParse(request.query ?? {});
    if (!query.success) return sendInvalidInput(reply, query.error);
    const player = await playerOf(deps, request, reply);
    if (!player) return reply;
    const paths = playerPaths(player.token);
    // Stream entries are player URLs too: they outlive any signature, and each play is checked when it starts.
    const lineup = (await lineupOf(deps, player)).map((c) => ({ ...c, streamUrl: paths.stream(c.slug) }));
    const m3u = buildM3u(lineup, {
      origin: publicBaseUrl(deps),
      epgUrl: paths.epg,
      offAir: query.data.offAir,
      xmltvIdDomain: deps.xmltvIdDomain ?? DEFAULT_XMLTV_ID_DOMAIN,
    });
    return sendCached(request, reply, m3u, M3U_CONTENT_TYPE, REVALIDATE);
  });

  app.get('/p/:token/epg.xml', async (request, reply) => {
    const window = ZEpgQuerySchema.safeParse(request.query ?? {});
    if (!window.success) return sendInvalidInput(reply, window.error);
    const player = await playerOf(deps, request, reply);
    if (!player) return reply;
    const xml = await deviceXmltv(deps.prisma, await lineupOf(deps, player), window.data, deps.xmltvIdDomain);
    return sendCached(request, reply, xml, 'application/xml; charset=utf-8', REVALIDATE);
  });

  app.get('/p/:token/live/:slug.m3u8', async (request, reply) => {
    const params = ZPlayerStreamParamsSchema.safeParse(request.params);
    if (!params.success) return sendInvalidInput(reply, params.error);
    const player = await playerOf(deps, request, reply);
    if (!player) return reply;
    const channel = (await lineupOf(deps, player)).find((c) => c.slug === params.data.slug);
    if (!channel) {
      return sendProblem(reply, 403, {
        code: 'ENTITLEMENT_DENIED',
        message: 'This subscription does not include that channel now.',
        field: 'slug',
      });
    }
    if (!channel.onAir) {
      return sendProblem(reply, 404, { code: 'NOT_FOUND', message: `${channel.name} is not on air now.` });
    }
    // A counted URL: the origin takes a slot of the subscriber's limit on its playlist requests (409 when full).
    const exp = Math.floor(Date.now() / 1000) + PLAY_URL_SECONDS;
    const count = await streamCountOf(deps, player.subscriberId);
    const url = signedChannelUrl(playbackKeys(deps), channel.slug, player.deviceId, exp, count);
    return reply
      .code(302)
      .header('location', `${publicBaseUrl(deps)}${url}`)
      .header('cache-control', 'no-store')
      .send();
  });
}
