import {
  STEERING_EVALUATION_SECONDS,
  STEERING_MAX_MOVE_PERCENT,
  STEERING_RULE_DEFAULTS,
  type TEdgeSteeringUpdate,
  ZSteeringRuleSchema,
} from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { recordAudit, type TActor } from '../audit/audit.service';
import { queueFor } from '../jobs/jobs.queues';
import { KetenError } from '../lib/errors';
import { queueAnnouncements, STEERING_WEBHOOKS_QUEUE, type TSteeringAnnouncement } from './steering.announce';
import { homeHashes, movedCount, type TPlanEdge } from './steering.assign';
import { dropPlan, lastVerdictOf, loadPlan, ruleOf } from './steering.plan';

interface TAnnounceDeps {
  prisma: PrismaClient;
  redis: Redis;
  workerQueuePrefix?: string | undefined;
}

/** The steering view: every edge, whether it is avoided, since when, why (the figures), how many boxes moved. */
export async function steeringView(prisma: PrismaClient) {
  const [edges, plan, fleet] = await Promise.all([
    prisma.cdnEdge.findMany({
      select: { id: true, name: true, location: true, baseUrl: true, weight: true, steering: true },
      orderBy: { name: 'asc' },
    }),
    loadPlan(prisma),
    prisma.device.findMany({ where: { status: 'ACTIVE' }, select: { id: true } }),
  ]);
  const homes = homeHashes(
    fleet.map((device) => device.id),
    plan,
  );
  const byName = new Map<string, TPlanEdge>(plan.map((edge) => [edge.name, edge]));
  return {
    fleetBoxes: fleet.length,
    cycleSeconds: STEERING_EVALUATION_SECONDS,
    maxMovePercent: STEERING_MAX_MOVE_PERCENT,
    defaults: STEERING_RULE_DEFAULTS,
    edges: edges.map((edge) => {
      const steering = edge.steering;
      const hashes = homes.get(edge.name) ?? [];
      const planned = byName.get(edge.name);
      return {
        id: edge.id,
        name: edge.name,
        location: edge.location,
        baseUrl: edge.baseUrl,
        weight: edge.weight,
        rule: ruleOf(steering?.rule),
        overrides: ZSteeringRuleSchema.partial()
          .catch({})
          .parse(steering?.rule ?? {}),
        state: steering?.state ?? 'HEALTHY',
        avoidedSince: steering?.avoidedSince ?? null,
        reason: steering?.reason ?? null,
        figures: (steering?.figures ?? null) as Record<string, unknown> | null,
        pinned: steering?.pinned ?? false,
        pinnedBy: steering?.pinnedBy ?? null,
        lastVerdict: lastVerdictOf(steering?.lastFigures),
        lastFigures: (steering?.lastFigures ?? null) as Record<string, unknown> | null,
        lastEvaluatedAt: steering?.lastEvaluatedAt ?? null,
        homeBoxes: hashes.length,
        movedBoxes: planned ? movedCount(hashes, planned.movedShare) : 0,
      };
    }),
  };
}

async function edgeOrThrow(tx: Prisma.TransactionClient, id: string) {
  const edge = await tx.cdnEdge.findUnique({
    where: { id },
    select: { id: true, name: true, baseUrl: true, weight: true, steering: true },
  });
  if (!edge) throw new KetenError('NOT_FOUND', 'No edge with this id.', 'id');
  return edge;
}

/** An administrator sets where an edge's boxes fetch media, its weight and its rule (overrides of the defaults). */
export async function updateEdgeSteering(prisma: PrismaClient, actor: TActor, input: TEdgeSteeringUpdate) {
  const result = await prisma.$transaction(async (tx) => {
    const before = await edgeOrThrow(tx, input.id);
    const rule = input.rule as Prisma.InputJsonValue;
    await tx.cdnEdge.update({
      where: { id: input.id },
      data: { baseUrl: input.baseUrl, weight: input.weight },
    });
    await tx.edgeSteering.upsert({
      where: { edgeId: input.id },
      create: { edgeId: input.id, rule },
      update: { rule },
    });
    await recordAudit(tx, actor, {
      action: 'edgeSteering.update',
      entityType: 'CdnEdge',
      entityId: input.id,
      before: { baseUrl: before.baseUrl, weight: before.weight, rule: before.steering?.rule ?? {} },
      after: { baseUrl: input.baseUrl, weight: input.weight, rule: input.rule },
    });
    return { id: input.id };
  });
  dropPlan(prisma);
  return result;
}

async function announce(deps: TAnnounceDeps, announcement: TSteeringAnnouncement) {
  await queueAnnouncements(
    deps.prisma,
    queueFor(deps.redis, deps.workerQueuePrefix, STEERING_WEBHOOKS_QUEUE),
    [announcement],
    5000,
  );
}

/**
 * An operator avoids an edge by hand: all its boxes move (at the cycle's pace), and it is never returned
 * automatically until someone returns it. Refused for the last edge that could take its boxes.
 */
export async function avoidEdge(deps: TAnnounceDeps, actor: TActor, input: { id: string; note: string }) {
  const now = new Date();
  const reason = `avoided by hand by ${actor.email}: ${input.note}`;
  const edge = await deps.prisma.$transaction(async (tx) => {
    const edge = await edgeOrThrow(tx, input.id);
    if (!edge.baseUrl || edge.weight === 0)
      throw new KetenError(
        'INVALID_INPUT',
        `${edge.name} has no base URL or weight: it serves no boxes.`,
        'id',
      );
    if (edge.steering?.state === 'AVOIDED' && edge.steering.pinned)
      throw new KetenError('CONFLICT', `${edge.name} is already avoided by hand.`, 'id');
    const others = (await loadPlan(deps.prisma)).filter(
      (other) => other.name !== edge.name && other.receives,
    );
    if (others.length === 0)
      throw new KetenError(
        'CONFLICT',
        `${edge.name} is the last healthy edge: its boxes would have nowhere to go.`,
        'id',
      );
    const data = {
      state: 'AVOIDED' as const,
      avoidedSince: edge.steering?.state === 'AVOIDED' ? edge.steering.avoidedSince : now,
      reason,
      pinned: true,
      pinnedBy: actor.email,
      healthySince: null,
    };
    await tx.edgeSteering.upsert({
      where: { edgeId: edge.id },
      create: { edgeId: edge.id, ...data },
      update: data,
    });
    await recordAudit(tx, actor, {
      action: 'edgeSteering.avoid',
      entityType: 'CdnEdge',
      entityId: edge.id,
      before: { state: edge.steering?.state ?? 'HEALTHY', reason: edge.steering?.reason ?? null },
      after: { state: 'AVOIDED', reason, pinned: true },
    });
    return edge;
  });
  dropPlan(deps.prisma);
  await announce(deps, {
    kind: 'steer',
    edge: edge.name,
    message: `${edge.name} ${reason}`,
    by: actor.email,
    at: now.toISOString(),
    figures: null,
  });
  return { id: edge.id };
}

/**
 * Undo: the edge takes its boxes back at once (the operator's call, not capped). If it still breaches its rule,
 * the next cycle steers it again; raise the rule's thresholds to keep it.
 */
export async function returnEdge(deps: TAnnounceDeps, actor: TActor, input: { id: string }) {
  const now = new Date();
  const edge = await deps.prisma.$transaction(async (tx) => {
    const edge = await edgeOrThrow(tx, input.id);
    if (!edge.steering || (edge.steering.state === 'HEALTHY' && edge.steering.movedShare === 0))
      throw new KetenError('CONFLICT', `${edge.name} is not avoided.`, 'id');
    const data = {
      state: 'HEALTHY' as const,
      avoidedSince: null,
      reason: null,
      healthySince: null,
      movedShare: 0,
      pinned: false,
      pinnedBy: null,
    };
    await tx.edgeSteering.update({ where: { edgeId: edge.id }, data });
    await recordAudit(tx, actor, {
      action: 'edgeSteering.returnNow',
      entityType: 'CdnEdge',
      entityId: edge.id,
      before: {
        state: edge.steering.state,
        reason: edge.steering.reason,
        movedShare: edge.steering.movedShare,
        pinned: edge.steering.pinned,
      },
      after: { state: 'HEALTHY', movedShare: 0 },
    });
    return edge;
  });
  dropPlan(deps.prisma);
  await announce(deps, {
    kind: 'return',
    edge: edge.name,
    message: `${edge.name} returned by hand by ${actor.email}`,
    by: actor.email,
    at: now.toISOString(),
    figures: null,
  });
  return { id: edge.id };
}
