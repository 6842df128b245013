import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { registerAuthRoutes } from './auth/auth.routes';
import { identifyOperator } from './auth/identify';
import { createBeaconIngest } from './beacons/beacon-ingest';
import { registerBeaconRoutes } from './beacons/beacons.routes';
import { registerMediaRoutes } from './channels/channels.media';
import { deviceRateLimit, registerDeviceApi } from './device-api/device-api.routes';
import { authenticateDevice } from './device-api/device-auth';
import { registerHealthRoutes } from './health/health.routes';
import { registerMediaOrigin } from './playback/media-origin';
import type { TContext, TDeps } from './trpc/context';
import { type AppRouter, appRouter } from './trpc/router';

/** Builds the HTTP server around already-connected stores; main.ts and the tests share it. */
export async function buildServer(deps: TDeps, options: { logger?: FastifyServerOptions['logger'] } = {}) {
  const app = Fastify({
    logger: options.logger ?? false,
    // Only the console's same-host rewrite proxies to us; trust its X-Forwarded-For, nobody else's.
    trustProxy: 'loopback',
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
  });

  // Before the routes: /readyz reports the beacon spool's figures.
  const ingest = deps.beaconSpoolDir
    ? await createBeaconIngest({
        clickhouse: deps.clickhouse,
        redis: deps.redis,
        spoolDir: deps.beaconSpoolDir,
        maxQueuedEvents: 50_000,
        batchSize: 5000,
        flushIntervalMs: 1000,
        onError: (message, error) => app.log.error({ err: error }, message),
      })
    : null;
  registerHealthRoutes(app, deps, { ingest });
  registerAuthRoutes(app, deps);
  registerMediaRoutes(app, deps);
  registerDeviceApi(app, deps);
  registerMediaOrigin(app, deps);
  if (ingest) {
    registerBeaconRoutes(app, {
      ingest,
      authenticate: authenticateDevice,
      rateLimit: deviceRateLimit(deps, 'keten:beacon-rate:'),
    });
    // After the server stops taking requests: seal and try a last insert; the rest stays spooled for next start.
    app.addHook('onClose', () => ingest.close());
  }

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req }): Promise<TContext> => ({
        ...deps,
        ip: req.ip ?? null,
        operator: await identifyOperator(deps.prisma, deps.sessionSecret, req.headers.cookie),
      }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          app.log.error({ err: error, path }, 'tRPC procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  return app;
}
