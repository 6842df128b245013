import { TRPC_MAX_BATCH_SIZE } from '@keten/contracts';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { startAlertsRuntime } from './alerts/alerts.runtime';
import { webhookKeyring } from './alerts/alerts.secrets';
import { registerAuthRoutes } from './auth/auth.routes';
import { identifyOperator } from './auth/identify';
import { createBeaconIngest } from './beacons/beacon-ingest';
import { registerBeaconRoutes } from './beacons/beacons.routes';
import { registerMediaRoutes } from './channels/channels.media';
import { createDeliveryIngest } from './delivery/delivery-ingest';
import { registerEdgeLogRoutes } from './delivery/edge-logs.routes';
import type { TDeps } from './deps';
import { registerDeviceApi } from './device-api/device-api.routes';
import { authenticateDevice } from './device-api/device-auth';
import { addDeviceRateLimit } from './device-api/rate-limit';
import { startFlagScheduler } from './flags/scheduler';
import { registerHealthRoutes } from './health/health.routes';
import { clientErrorHandler, frameworkErrors, genReqId, installErrorHandling } from './lib/http-errors';
import { registerSecurityHeaders } from './lib/security-headers';
import { createApiMetrics } from './metrics/api-metrics';
import { registerMetricsRoutes } from './metrics/metrics.routes';
import { registerMediaOrigin } from './playback/media-origin';
import { withRedactedUrls } from './players/redact';
import { startRolloutsRuntime } from './rollouts/rollouts.runtime';
import { startSteeringRuntime } from './steering/steering.runtime';
import type { TContext } from './trpc/context';
import { type AppRouter, appRouter } from './trpc/router';

const TRPC_PREFIX = '/trpc';

/** Builds the HTTP server around already-connected stores; main.ts and the tests share it. */
export async function buildServer(deps: TDeps, options: { logger?: FastifyServerOptions['logger'] } = {}) {
  const app = Fastify({
    logger: withRedactedUrls(options.logger ?? false),
    // Only the console's same-host rewrite proxies to us; trust its X-Forwarded-For, nobody else's.
    trustProxy: 'loopback',
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    genReqId,
    frameworkErrors,
    clientErrorHandler,
  });
  // First, so every route below (and every scope) inherits the guard and the error handlers.
  installErrorHandling(app, { guardSkip: [TRPC_PREFIX] });

  registerSecurityHeaders(app);
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
  // The origin's delivery records and the CDN edges' logs: the same spool machinery, its own folder and table.
  const delivery = deps.deliverySpoolDir
    ? await createDeliveryIngest(deps.clickhouse, deps.deliverySpoolDir, (message, error) =>
        app.log.error({ err: error }, message),
      )
    : null;
  // Before the other routes: its hook times every request; who may scrape: README "Metrics".
  registerMetricsRoutes(
    app,
    createApiMetrics({ ingest, redis: deps.redis, queuePrefix: deps.workerQueuePrefix }),
    deps.metricsToken,
  );
  registerHealthRoutes(app, deps, { ingest, delivery: delivery?.ingest });
  // Scheduled flag changes go live within a second of their time; stopped with the server.
  const flagScheduler = startFlagScheduler(deps.prisma, {
    onError: (error) => app.log.error({ err: error }, 'applying scheduled flag changes failed; retrying'),
  });
  app.addHook('onClose', () => flagScheduler.close());
  registerAuthRoutes(app, deps);
  registerMediaRoutes(app, deps);
  registerDeviceApi(app, deps);
  registerMediaOrigin(app, deps, undefined, delivery?.recorder);
  if (delivery) {
    registerEdgeLogRoutes(app, deps, delivery.ingest);
    app.addHook('onClose', () => delivery.close());
  }
  if (ingest) {
    registerBeaconRoutes(app, {
      ingest,
      authenticate: authenticateDevice,
      rateLimit: (scope) => addDeviceRateLimit(scope, deps, 'beacon'),
    });
    // After the server stops taking requests: seal and try a last insert; the rest stays spooled for next start.
    app.addHook('onClose', () => ingest.close());
  }

  if (deps.alerts) {
    const alerts = await startAlertsRuntime({
      ...deps.alerts,
      prisma: deps.prisma,
      redis: deps.redis,
      clickhouse: deps.clickhouse,
      prefix: deps.workerQueuePrefix,
      fetchPolicy: deps.fetchPolicy,
      webhookKeys: webhookKeyring(deps),
      spoolAgeSeconds: ingest ? () => ingest.stats().oldestUnstoredMs / 1000 : undefined,
      onError: deps.alerts.onError ?? ((message, error) => app.log.error({ err: error }, message)),
    });
    app.addHook('onClose', () => alerts.close());
  }
  if (deps.rollouts) {
    const rollouts = await startRolloutsRuntime({
      ...deps.rollouts,
      prisma: deps.prisma,
      redis: deps.redis,
      clickhouse: deps.clickhouse,
      prefix: deps.workerQueuePrefix,
      onError: deps.rollouts.onError ?? ((message, error) => app.log.error({ err: error }, message)),
    });
    app.addHook('onClose', () => rollouts.close());
  }
  if (deps.steering) {
    const steering = await startSteeringRuntime({
      ...deps.steering,
      prisma: deps.prisma,
      redis: deps.redis,
      clickhouse: deps.clickhouse,
      prefix: deps.workerQueuePrefix,
      fetchPolicy: deps.fetchPolicy,
      webhookKeys: webhookKeyring(deps),
      onError: deps.steering.onError ?? ((message, error) => app.log.error({ err: error }, message)),
    });
    app.addHook('onClose', () => steering.close());
  }

  await app.register(fastifyTRPCPlugin, {
    prefix: TRPC_PREFIX,
    trpcOptions: {
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: async ({ req }): Promise<TContext> => {
        const context = { ...deps, requestId: req.id, ip: req.ip ?? null };
        try {
          return { ...context, operator: await identifyOperator(deps, req.headers.cookie) };
        } catch (identifyFailure) {
          // Thrown from here, tRPC answers with no context and so no request id; the procedure fails instead.
          return { ...context, operator: null, identifyFailure };
        }
      },
      // The client sees a generic message with the request id (trpc.ts); the log line has the cause.
      onError: ({ error, path, req }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          req.log.error({ err: error, path }, 'tRPC procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  return app;
}
