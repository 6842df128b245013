import {
  activateSchemaFor,
  DEFAULT_XMLTV_ID_DOMAIN,
  type TActivateInput,
  ZEpgQuerySchema,
  ZPlaylistQuerySchema,
  ZRefreshSchema,
} from '@keten/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodType } from 'zod';
import type { TDeps } from '../deps';
import { registerConfigRoute } from '../flags/config.routes';
import { invalidInput } from '../lib/problem';
import { registerPlayRoutes } from '../playback/playback.routes';
import { withSignedStreamUrls } from '../playback/playback.service';
import { registerPlayerRoutes } from '../players/players.routes';
import { registerFirmwareRoutes } from '../rollouts/firmware.routes';
import { deliveryOf } from '../steering/steering.plan';
import { activateDevice } from './activation.service';
import { deviceOf, requireDevice } from './device-auth';
import { closeDeviceRowCache, DEVICE_ROW_TTL_MS, deviceRowCache } from './device-row-cache';
import { deviceEpg, deviceXmltv } from './guide.service';
import { sendCached } from './http-cache';
import { deviceLineup } from './lineup.service';
import { buildM3u, M3U_CONTENT_TYPE, publicBaseUrl } from './m3u';
import { deviceOpenApi } from './openapi';
import { renderOpenApiPage } from './openapi-page';
import { addDeviceRateLimit } from './rate-limit';
import { refreshTokens } from './tokens.service';

/** Parses with the shared zod schema; on failure throws INVALID_INPUT naming the field (a 400 problem). */
function parse<T>(schema: ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

async function routes(app: FastifyInstance, deps: TDeps) {
  addDeviceRateLimit(app, deps, 'device');

  app.get('/openapi.json', async () => deviceOpenApi(deps));
  app.get('/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderOpenApiPage(deviceOpenApi(deps))),
  );

  app.post('/activate', async (request, reply) => {
    const input = parse<TActivateInput>(activateSchemaFor(request.body), request.body);
    return reply.code(201).send(await activateDevice(deps, input, request.ip));
  });

  app.post('/token/refresh', async (request) => {
    const input = parse(ZRefreshSchema, request.body);
    return refreshTokens(deps, input.refreshToken);
  });

  app.get('/lineup', { preHandler: requireDevice }, async (request, reply) => {
    const device = deviceOf(request);
    const [lineup, edge] = await Promise.all([
      deviceLineup(deps.prisma, device),
      deliveryOf(deps.prisma, device.deviceId),
    ]);
    const signed = await withSignedStreamUrls(deps, lineup, device);
    // The box's CDN edge (steering) in front of each signed path, as /v1/play and /v1/config's `delivery` say.
    const channels = edge
      ? signed.map((c) => ({ ...c, streamUrl: `${edge.baseUrl}${c.streamUrl}` }))
      : signed;
    return sendCached(request, reply, JSON.stringify({ channels }), 'application/json; charset=utf-8');
  });

  app.get('/epg', { preHandler: requireDevice }, async (request, reply) => {
    const window = parse(ZEpgQuerySchema, request.query);
    const lineup = await deviceLineup(deps.prisma, deviceOf(request));
    const epg = await deviceEpg(deps.prisma, lineup, window);
    return sendCached(request, reply, JSON.stringify(epg), 'application/json; charset=utf-8');
  });

  app.get('/epg.xml', { preHandler: requireDevice }, async (request, reply) => {
    const window = parse(ZEpgQuerySchema, request.query);
    const lineup = await deviceLineup(deps.prisma, deviceOf(request));
    const xml = await deviceXmltv(deps.prisma, lineup, window, deps.xmltvIdDomain);
    return sendCached(request, reply, xml, 'application/xml; charset=utf-8');
  });

  app.get('/playlist.m3u', { preHandler: requireDevice }, async (request, reply) => {
    const query = parse(ZPlaylistQuerySchema, request.query);
    const device = deviceOf(request);
    const lineup = await withSignedStreamUrls(deps, await deviceLineup(deps.prisma, device), device);
    const m3u = buildM3u(lineup, {
      origin: publicBaseUrl(deps),
      epgUrl: '/v1/epg.xml',
      offAir: query.offAir,
      xmltvIdDomain: deps.xmltvIdDomain ?? DEFAULT_XMLTV_ID_DOMAIN,
    });
    return sendCached(request, reply, m3u, M3U_CONTENT_TYPE);
  });

  registerConfigRoute(app, deps);
  registerFirmwareRoutes(app, deps);
  registerPlayRoutes(app, deps);
  registerPlayerRoutes(app, deps);
}

/** The box-facing REST API under /v1 (plain Fastify: boxes call it every minute, tRPC is for the console). */
export function registerDeviceApi(app: FastifyInstance, deps: TDeps) {
  app.decorate('deviceApiDeps', deps);
  // Listening for row changes from the start, so the first calls are already answered from memory.
  deviceRowCache(deps.sql, (deps.deviceApi?.rowCacheSeconds ?? DEVICE_ROW_TTL_MS / 1000) * 1000);
  app.addHook('onClose', () => closeDeviceRowCache(deps.sql));
  app.register((scope) => routes(scope, deps), { prefix: '/v1' });
}
