// The console's HTTP server: Next's request handler behind our own listener, because only here is the
// socket's peer address known. Next itself keeps a client-sent X-Forwarded-For as it is, so every
// request's X-Forwarded-For is replaced with the one address resolved here (src/auth/client-address.ts),
// marked with a per-process secret; sign-in and the /trpc rewrite to apps/api then read nothing the client wrote.
import { createServer } from 'node:http';
import {
  createPeerMark,
  PEER_MARK_HEADER,
  resolveClientAddress,
  untrustedProxyWarner,
} from './src/auth/client-address';
import { listenEnv } from './src/env';

const SHUTDOWN_DEADLINE_MS = 10_000;
const dev = process.argv.includes('--dev');
const env = listenEnv();
// As `next start` / `next dev` do; before Next (and React) are loaded, which read it once.
Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production' });
const { default: next } = await import('next');

const app = next({ dev, hostname: env.CONSOLE_HOST, port: env.CONSOLE_PORT });
await app.prepare();
const handle = app.getRequestHandler();
const peerMark = createPeerMark();
const warnUntrustedProxy = untrustedProxyWarner(env.CONSOLE_TRUSTED_PROXY_HOPS, (message) =>
  console.warn(message),
);

const server = createServer((req, res) => {
  warnUntrustedProxy(req.socket.remoteAddress, req.headers['x-forwarded-for']);
  const address = resolveClientAddress(
    req.socket.remoteAddress,
    req.headers['x-forwarded-for'],
    env.CONSOLE_TRUSTED_PROXY_HOPS,
  );
  if (address) req.headers['x-forwarded-for'] = address;
  else delete req.headers['x-forwarded-for'];
  delete req.headers['x-real-ip'];
  req.headers[PEER_MARK_HEADER] = peerMark;
  void handle(req, res);
});
server.listen(env.CONSOLE_PORT, env.CONSOLE_HOST, () => {
  console.log(`console listening on http://${env.CONSOLE_HOST}:${env.CONSOLE_PORT}${dev ? ' (dev)' : ''}`);
});

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`console: ${signal}, shutting down`);
  setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
  server.close(() => void app.close().finally(() => process.exit(0)));
  server.closeIdleConnections();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
