import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../trpc/context';

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

/** /healthz: the process answers. /readyz: PostgreSQL, Redis and ClickHouse answer too. */
export function registerHealthRoutes(app: FastifyInstance, deps: TDeps) {
  // Probes poll these every few seconds: log them only when something is wrong.
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const [postgres, redis, clickhouse] = await Promise.all([
      check(() => deps.prisma.$queryRaw`SELECT 1`),
      check(() => deps.redis.ping()),
      check(() => deps.clickhouse.client.query({ query: 'SELECT 1' }).then((result) => result.text())),
    ]);
    const checks = { postgres, redis, clickhouse };
    const ready = Object.values(checks).every((status) => status === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}
