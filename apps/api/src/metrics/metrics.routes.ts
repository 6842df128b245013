import { METRICS_REFUSALS, metricsAccess } from '@keten/contracts/metrics';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from '../lib/problem';
import type { TApiMetrics, TBeaconRefusal } from './api-metrics';

const BEACON_ROUTE = '/v1/beacons';

/** How a refused beacon request is counted, by its status; null when it was taken (202) or is no refusal. */
function beaconRefusal(statusCode: number): TBeaconRefusal | null {
  if (statusCode === 400 || statusCode === 413 || statusCode === 415) return 'invalid';
  if (statusCode === 401 || statusCode === 403) return 'unauthorized';
  if (statusCode === 429 || statusCode === 503) return 'retry_later';
  return null;
}

const eventsIn = (request: FastifyRequest) => {
  const events = (request.body as { events?: unknown } | undefined)?.events;
  return Array.isArray(events) ? events.length : 0;
};

/**
 * `GET /metrics` (Prometheus text format) and the hook that times every request by its route template. Register
 * first, so the hook sees every route. Who may scrape: `metricsAccess` (@keten/contracts/metrics; README "Metrics").
 */
export function registerMetricsRoutes(app: FastifyInstance, metrics: TApiMetrics, token: string | undefined) {
  app.addHook('onResponse', async (request, reply) => {
    // The template, never the URL: /v1/play/:slug, not a channel or a token.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (route === BEACON_ROUTE) {
      const refusal = beaconRefusal(reply.statusCode);
      if (refusal) metrics.beaconRefused(refusal, eventsIn(request));
    }
  });

  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    const access = metricsAccess({
      remoteAddress: request.socket.remoteAddress,
      headers: request.headers,
      token,
    });
    if (access !== 'ok') {
      if (access === 'wrong token') reply.header('www-authenticate', 'Bearer realm="metrics"');
      return sendProblem(reply, access === 'wrong token' ? 401 : 403, {
        code: 'METRICS_FORBIDDEN',
        message: METRICS_REFUSALS[access],
      });
    }
    const body = await metrics.text();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(body);
  });
}
