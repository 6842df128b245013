import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_REFUSALS, metricsAccess } from '@keten/contracts/metrics';
import type { TWorkerMetrics } from './worker-metrics';

const problem = (status: number, code: string, message: string) =>
  JSON.stringify({
    type: `https://keten.dev/problems/${code.toLowerCase()}`,
    title: message,
    status,
    code,
    message,
  });

/**
 * The worker's only HTTP: `GET /metrics` on its own address (WORKER_METRICS_HOST/PORT, loopback by default),
 * the same access rule as apps/api's (@keten/contracts/metrics). Anything else: 404.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  token: string | undefined;
  metrics: Pick<TWorkerMetrics, 'text' | 'contentType'>;
}) {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/problem+json' });
      response.end(problem(404, 'NOT_FOUND', 'Only GET /metrics is served here.'));
      return;
    }
    const access = metricsAccess({
      remoteAddress: request.socket.remoteAddress,
      headers: request.headers,
      token: options.token,
    });
    if (access !== 'ok') {
      const status = access === 'wrong token' ? 401 : 403;
      response.writeHead(status, {
        'content-type': 'application/problem+json',
        ...(status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
      });
      response.end(problem(status, 'METRICS_FORBIDDEN', METRICS_REFUSALS[access]));
      return;
    }
    options.metrics.text().then(
      (body) => {
        response.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
        response.end(body);
      },
      () => {
        response.writeHead(500, { 'content-type': 'application/problem+json' });
        response.end(problem(500, 'INTERNAL', 'Collecting the metrics failed.'));
      },
    );
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
