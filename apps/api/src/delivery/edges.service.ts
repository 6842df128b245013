import { createHash, randomBytes } from 'node:crypto';
import type { TCdnEdgeCreateInput } from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';

const TOKEN_PREFIX = 'ke_edge_';

// What may leave this module (shown, audited): never the token's hash.
const publicFields = {
  id: true,
  name: true,
  location: true,
  tokenPrefix: true,
  revokedAt: true,
  lastSeenAt: true,
  createdAt: true,
} satisfies Prisma.CdnEdgeSelect;

/** SHA-256 of a token: what the table keeps and what a request's token is looked up by (a unique index). */
export const hashEdgeToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A fresh bearer token (256 random bits) and what is stored of it. */
function newToken() {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashEdgeToken(token), tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function listEdges(prisma: PrismaClient) {
  return prisma.cdnEdge.findMany({ select: publicFields, orderBy: { name: 'asc' } });
}

/** A new edge and its token, shown this once. */
export async function createEdge(prisma: PrismaClient, actor: TActor, input: TCdnEdgeCreateInput) {
  const { token, tokenHash, tokenPrefix } = newToken();
  try {
    return await prisma.$transaction(async (tx) => {
      const edge = await tx.cdnEdge.create({
        data: { name: input.name, location: input.location, tokenHash, tokenPrefix },
        select: publicFields,
      });
      await recordAudit(tx, actor, {
        action: 'cdnEdge.create',
        entityType: 'CdnEdge',
        entityId: edge.id,
        after: edge,
      });
      return { edge, token };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new KetenError('CONFLICT', 'An edge with this name already exists.', 'name');
    }
    throw error;
  }
}

/** A new token for the edge (also one that was revoked); the old one stops at once. Shown this once. */
export async function rotateEdgeToken(prisma: PrismaClient, actor: TActor, id: string) {
  const { token, tokenHash, tokenPrefix } = newToken();
  return prisma.$transaction(async (tx) => {
    const before = await tx.cdnEdge.findUnique({ where: { id }, select: publicFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No edge with this id.', 'id');
    const edge = await tx.cdnEdge.update({
      where: { id },
      data: { tokenHash, tokenPrefix, revokedAt: null },
      select: publicFields,
    });
    await recordAudit(tx, actor, {
      action: 'cdnEdge.rotateToken',
      entityType: 'CdnEdge',
      entityId: id,
      before,
      after: edge,
    });
    return { edge, token };
  });
}

/** The edge's token stops at once; its records stay. Rotating gives it a new one. */
export async function revokeEdgeToken(prisma: PrismaClient, actor: TActor, id: string) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.cdnEdge.findUnique({ where: { id }, select: publicFields });
    if (!before) throw new KetenError('NOT_FOUND', 'No edge with this id.', 'id');
    const edge = await tx.cdnEdge.update({
      where: { id },
      data: { tokenHash: null, revokedAt: new Date() },
      select: publicFields,
    });
    await recordAudit(tx, actor, {
      action: 'cdnEdge.revokeToken',
      entityType: 'CdnEdge',
      entityId: id,
      before,
      after: edge,
    });
    return edge;
  });
}

/** The edge a bearer token belongs to, or null (unknown, revoked, or not an edge token). */
export async function edgeOfToken(prisma: PrismaClient, token: string) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) return null;
  return prisma.cdnEdge.findUnique({
    where: { tokenHash: hashEdgeToken(token) },
    select: { id: true, name: true },
  });
}
