import type { FastifyInstance } from 'fastify';
import type { TBeaconIngest } from '../beacons/beacon-ingest';
import type { TDeps } from '../deps';

const CHECK_TIMEOUT_MS = 2000;

async function check(run: () => Promise<unknown>): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

export interface THealthOptions {
  /** The beacon ingest, when this API serves POST /v1/beacons: its spool's figures join /readyz. */
  ingest?: Pick<TBeaconIngest, 'health'> | null;
  /** The delivery spool (origin records, CDN edge logs), when this API writes them: its figures join /readyz too. */
  delivery?: Pick<TBeaconIngest, 'health'> | null;
}

/**
 * /healthz: the process answers. /readyz: 503 "not ready" when PostgreSQL or Redis does not answer (nothing works
 * without them); 200 "degraded" when ClickHouse does not answer or the beacon or delivery spool stops draining. Telemetry
 * trouble is the same on every replica and the spool rides it out, so a load balancer must not pull them all;
 * the body says what is wrong, with the spool's figures, for the operator's monitoring.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: TDeps, options: THealthOptions = {}) {
  // Probes poll these every few seconds: log them only when something is wrong.
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const [postgres, redis, clickhouse] = await Promise.all([
      check(() => deps.prisma.$queryRaw`SELECT 1`),
      check(() => deps.redis.ping()),
      check(() => deps.clickhouse.client.query({ query: 'SELECT 1' }).then((result) => result.text())),
    ]);
    const ingest = options.ingest?.health();
    const delivery = options.delivery?.health();
    const checks = {
      postgres,
      redis,
      clickhouse,
      ...(ingest ? { ingest: ingest.status === 'ok' ? 'ok' : ingest.reasons.join('; ') } : {}),
      ...(delivery ? { delivery: delivery.status === 'ok' ? 'ok' : delivery.reasons.join('; ') } : {}),
    };
    const ready = postgres === 'ok' && redis === 'ok';
    const degraded = clickhouse !== 'ok' || ingest?.status === 'degraded' || delivery?.status === 'degraded';
    const status = !ready ? 'not ready' : degraded ? 'degraded' : 'ready';
    return reply.status(ready ? 200 : 503).send({
      status,
      checks,
      ...(ingest ? { ingest: { status: ingest.status, ...ingest.figures } } : {}),
      ...(delivery ? { delivery: { status: delivery.status, ...delivery.figures } } : {}),
    });
  });
}
