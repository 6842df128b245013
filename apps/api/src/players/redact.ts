import type { FastifyRequest, FastifyServerOptions } from 'fastify';

// The token is the whole credential of a player URL: a log line must not be enough to watch someone's TV.
const PLAYER_TOKEN_IN_PATH = /(\/v1\/p\/)[^/?#]+/g;

/** The URL with every player token replaced by `[redacted]`. */
export const redactPlayerTokens = (url: string) => url.replace(PLAYER_TOKEN_IN_PATH, '$1[redacted]');

/** Fastify's logger options with the request serializer (Fastify's own fields) logging redacted URLs. */
export function withRedactedUrls(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const options = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      ...options.serializers,
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactPlayerTokens(request.url),
        version: request.headers?.['accept-version']?.toString(),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
