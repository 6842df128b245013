import type { FastifyInstance } from 'fastify';

/** Nothing the API serves runs script, loads a resource or may be framed: JSON, problem+json, HLS, logos. */
export const API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/**
 * The API's rules plus inline style, for what styles itself: /v1/docs (the one HTML page: one inline <style>, no
 * script; a hash would have to follow every edit of it) and SVG logos (style attributes).
 */
export const STYLED_CSP = `${API_CSP}; style-src 'unsafe-inline'`;

/**
 * Headers on every response, errors and 404s included. A route may set its own CSP (logos: STYLED_CSP); media keep their
 * `Access-Control-Allow-Origin: *`, which a CSP on the response does not touch (it governs documents, not fetches).
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onRequest', async (_request, reply) => {
    reply
      .header('content-security-policy', API_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer');
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (html && reply.getHeader('content-security-policy') === API_CSP)
      reply.header('content-security-policy', STYLED_CSP);
    return payload;
  });
}
