import { STEERING_MAX_MOVE_PERCENT } from '@keten/contracts';
import { readDeliveryByEdge, type TKetenClickHouse } from '@keten/db/clickhouse';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import type { TSteeringAnnouncement } from './steering.announce';
import { homeHashes, type TPlanEdge } from './steering.assign';
import {
  decideSteering,
  type TDecideEdge,
  type TDecision,
  type TEdgeFigures,
  type TSteeringEvent,
  type TSteeringState,
} from './steering.decide';
import { dropPlan, ruleOf } from './steering.plan';

/** Who the cycle's changes are audited as (no operator row). */
export const STEERING_ACTOR: TActor = { id: '', email: 'system:edge-steering', ip: null };

const HEALTHY: TSteeringState = {
  state: 'HEALTHY',
  avoidedSince: null,
  reason: null,
  healthySince: null,
  movedShare: 0,
  pinned: false,
};

export interface TSteeringCycle {
  decisions: TDecision[];
  events: TSteeringEvent[];
  announcements: TSteeringAnnouncement[];
}

/** Each edge's figures over its rule's window (one read per distinct window), by edge name. */
async function figuresByEdge(clickhouse: TKetenClickHouse, windows: Set<number>, now: Date) {
  const byWindow = new Map<number, Map<string, TEdgeFigures>>();
  for (const seconds of windows) {
    const rows = await readDeliveryByEdge(clickhouse.client, {
      from: now.getTime() - seconds * 1000,
      to: now.getTime(),
      group: 'edge',
      edge: '',
    });
    byWindow.set(
      seconds,
      new Map(
        rows.map((row) => [
          row.key,
          {
            requests: row.requests,
            errorRate: row.errorRate,
            ttfbP95Ms: row.ttfbP95Ms,
            sessions: row.qoe.sessions,
            sessionFailureRate: row.qoe.failureRate,
            rebufferingRatio: row.qoe.rebufferingRatio,
          },
        ]),
      ),
    );
  }
  return byWindow;
}

/**
 * One steering cycle at `now`: every edge's figures from its delivery records and its sessions' QoE, judged against
 * its rule; steers and returns written with their audit entries in one transaction. Returns what the webhooks owe.
 */
export async function evaluateSteering(
  deps: { prisma: PrismaClient; clickhouse: TKetenClickHouse },
  now: Date,
  options: { maxMovePercent?: number } = {},
): Promise<TSteeringCycle> {
  const { prisma } = deps;
  const edges = await prisma.cdnEdge.findMany({
    select: { id: true, name: true, baseUrl: true, weight: true, steering: true },
    orderBy: { name: 'asc' },
  });
  const rules = new Map(edges.map((edge) => [edge.id, ruleOf(edge.steering?.rule)]));
  const figures = await figuresByEdge(
    deps.clickhouse,
    new Set([...rules.values()].map((rule) => rule.windowSeconds)),
    now,
  );
  const fleet = await prisma.device.findMany({ where: { status: 'ACTIVE' }, select: { id: true } });
  const assignable = edges.filter((edge) => edge.baseUrl && edge.weight > 0);
  const planEdges: TPlanEdge[] = assignable.map((edge) => ({
    name: edge.name,
    baseUrl: edge.baseUrl ?? '',
    weight: edge.weight,
    receives: true,
    movedShare: 0,
    reason: null,
  }));
  const decideEdges: TDecideEdge[] = edges.map((edge) => {
    const rule = rules.get(edge.id)!;
    return {
      name: edge.name,
      assignable: Boolean(edge.baseUrl) && edge.weight > 0,
      rule,
      figures: figures.get(rule.windowSeconds)?.get(edge.name),
      current: edge.steering
        ? {
            state: edge.steering.state,
            avoidedSince: edge.steering.avoidedSince,
            reason: edge.steering.reason,
            healthySince: edge.steering.healthySince,
            movedShare: edge.steering.movedShare,
            pinned: edge.steering.pinned,
          }
        : HEALTHY,
    };
  });
  const { decisions, events } = decideSteering({
    edges: decideEdges,
    homes: homeHashes(
      fleet.map((device) => device.id),
      planEdges,
    ),
    fleetSize: fleet.length,
    now,
    maxMovePercent: options.maxMovePercent ?? STEERING_MAX_MOVE_PERCENT,
  });

  const announcements: TSteeringAnnouncement[] = [];
  await prisma.$transaction(async (tx) => {
    for (const [index, decision] of decisions.entries()) {
      const edge = edges[index]!;
      const edgeFigures = decideEdges[index]!.figures ?? null;
      const lastFigures = {
        ...(edgeFigures ?? {}),
        verdict: decision.verdict,
        reasons: decision.reasons,
        evaluatedAt: now.toISOString(),
      } satisfies Prisma.InputJsonValue;
      const event = events.find((e) => e.edge === edge.name && e.kind !== 'kept');
      const data = {
        state: decision.next.state,
        avoidedSince: decision.next.avoidedSince,
        reason: decision.next.reason,
        healthySince: decision.next.healthySince,
        movedShare: decision.next.movedShare,
        lastFigures,
        lastEvaluatedAt: now,
        ...(event?.kind === 'steer' ? { figures: edgeFigures ?? {} } : {}),
      };
      await tx.edgeSteering.upsert({
        where: { edgeId: edge.id },
        create: { edgeId: edge.id, ...data },
        update: data,
      });
      if (!event || event.kind === 'kept') continue;
      await recordAudit(tx, STEERING_ACTOR, {
        action: event.kind === 'steer' ? 'edgeSteering.steer' : 'edgeSteering.return',
        entityType: 'CdnEdge',
        entityId: edge.id,
        before: {
          state: decideEdges[index]!.current.state,
          movedShare: decideEdges[index]!.current.movedShare,
        },
        after: { state: decision.next.state, reason: event.message, figures: edgeFigures },
      });
      announcements.push({
        kind: event.kind,
        edge: edge.name,
        message: event.message,
        by: STEERING_ACTOR.email,
        at: now.toISOString(),
        figures: edgeFigures ? { ...edgeFigures } : null,
      });
    }
  });
  dropPlan(prisma);
  return { decisions, events, announcements };
}
