import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { channelLogoSvg } from '@keten/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TDeps } from '../deps';
import { sendProblem } from '../lib/problem';
import { STYLED_CSP } from '../lib/security-headers';
import { LOGO_TYPES } from './channels.logo';

// Only names the API itself writes (slug-hash.ext): no path separators, no dot-dot, nothing else on disk.
const LOGO_FILE = /^[a-z0-9-]+\.(png|jpg|webp|svg)$/;

const noLogo = (reply: FastifyReply) =>
  sendProblem(reply, 404, { code: 'NOT_FOUND', message: 'No such logo.' });

const GENERATED_LOGO = /^([a-z0-9][a-z0-9-]{0,99})\.svg$/;

/** GET /media/logos/:file — channel logos for the console (rewritten through its origin) and boxes. */
export function registerMediaRoutes(app: FastifyInstance, deps: Pick<TDeps, 'mediaRoot' | 'prisma'>) {
  // A channel without a logo of its own still gets one in the M3U: the seed's tile, drawn from its name.
  app.get<{ Params: { file: string } }>('/media/logos/generated/:file', async (request, reply) => {
    const slug = GENERATED_LOGO.exec(request.params.file)?.[1];
    const channel = slug
      ? await deps.prisma.channel.findUnique({ where: { slug }, select: { name: true } })
      : null;
    if (!slug || !channel) return noLogo(reply);
    return reply
      .header('content-type', LOGO_TYPES.svg)
      .header('content-security-policy', STYLED_CSP)
      .header('cache-control', 'public, max-age=86400')
      .send(channelLogoSvg(slug, channel.name));
  });

  app.get<{ Params: { file: string } }>('/media/logos/:file', async (request, reply) => {
    const match = LOGO_FILE.exec(request.params.file);
    if (!match) return noLogo(reply);
    const ext = match[1] as keyof typeof LOGO_TYPES;
    try {
      const bytes = await readFile(join(deps.mediaRoot, 'logos', request.params.file));
      return reply
        .header('content-type', LOGO_TYPES[ext])
        .header('content-security-policy', STYLED_CSP)
        .header('cache-control', 'public, max-age=86400')
        .send(bytes);
    } catch {
      return noLogo(reply);
    }
  });
}
