import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TDeps } from '../trpc/context';
import { LOGO_TYPES } from './channels.logo';

// Only names the API itself writes (slug-hash.ext): no path separators, no dot-dot, nothing else on disk.
const LOGO_FILE = /^[a-z0-9-]+\.(png|jpg|webp|svg)$/;

/** GET /media/logos/:file — channel logos for the console (rewritten through its origin) and boxes. */
export function registerMediaRoutes(app: FastifyInstance, deps: Pick<TDeps, 'mediaRoot'>) {
  app.get<{ Params: { file: string } }>('/media/logos/:file', async (request, reply) => {
    const match = LOGO_FILE.exec(request.params.file);
    if (!match) return reply.code(404).send({ error: 'not found' });
    const ext = match[1] as keyof typeof LOGO_TYPES;
    try {
      const bytes = await readFile(join(deps.mediaRoot, 'logos', request.params.file));
      return reply
        .header('content-type', LOGO_TYPES[ext])
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('cache-control', 'public, max-age=86400')
        .send(bytes);
    } catch {
      return reply.code(404).send({ error: 'not found' });
    }
  });
}
