import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Boxes poll these; a minute of staleness is fine and keeps a fleet's polling cheap. */
const CACHE_CONTROL = 'private, max-age=60';

const matches = (header: string | undefined, etag: string) =>
  header !== undefined &&
  (header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag));

/** Player URLs: revalidated on every load (a 304 is cheap), so a subscription change shows at once. */
export const REVALIDATE = 'private, no-cache';

/** Sends the body with a strong ETag (hash of the exact bytes), or 304 when the box already holds it. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  contentType: string,
  cacheControl = CACHE_CONTROL,
) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  reply.header('etag', etag).header('cache-control', cacheControl).header('vary', 'Authorization');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(contentType).send(body);
}
