import { STEERING_RULE_DEFAULTS, type TSteeringRule, ZSteeringRuleSchema } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { assignEdge, type TDeliveryAssignment, type TPlanEdge } from './steering.assign';

/**
 * How stale another API process's plan may be: a steer saved elsewhere reaches a box within this plus its
 * /v1/config poll interval (15 s). A change in this process drops the plan at once.
 */
export const PLAN_TTL_MS = 5000;

/** An edge's rule: its stored overrides over the defaults (a row from an older schema keeps working). */
export function ruleOf(stored: unknown): TSteeringRule {
  const parsed = ZSteeringRuleSchema.partial().safeParse(stored ?? {});
  return { ...STEERING_RULE_DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

/** The last verdict a cycle wrote (steering.cycle.ts keeps it in last_figures). */
export const lastVerdictOf = (lastFigures: unknown) =>
  typeof lastFigures === 'object' && lastFigures !== null && 'verdict' in lastFigures
    ? String((lastFigures as { verdict: unknown }).verdict)
    : null;

/** Every edge boxes can be given (a base URL, weight above 0) with its steering state. */
export async function loadPlan(prisma: PrismaClient): Promise<TPlanEdge[]> {
  const edges = await prisma.cdnEdge.findMany({
    where: { baseUrl: { not: null }, weight: { gt: 0 } },
    select: {
      name: true,
      baseUrl: true,
      weight: true,
      steering: { select: { state: true, movedShare: true, reason: true, lastFigures: true } },
    },
    orderBy: { name: 'asc' },
  });
  return edges.map((edge) => ({
    name: edge.name,
    baseUrl: edge.baseUrl ?? '',
    weight: edge.weight,
    receives: edge.steering?.state !== 'AVOIDED' && lastVerdictOf(edge.steering?.lastFigures) !== 'breach',
    movedShare: edge.steering?.movedShare ?? 0,
    reason: edge.steering?.state === 'AVOIDED' ? (edge.steering.reason ?? null) : null,
  }));
}

const plans = new WeakMap<PrismaClient, { at: number; plan: Promise<TPlanEdge[]> }>();

/** The cached plan (one load at a time, shared by every request), reloaded after PLAN_TTL_MS. */
export function currentPlan(prisma: PrismaClient, now = Date.now()): Promise<TPlanEdge[]> {
  const cached = plans.get(prisma);
  if (cached && now - cached.at < PLAN_TTL_MS) return cached.plan;
  const plan = loadPlan(prisma);
  plans.set(prisma, { at: now, plan });
  plan.catch(() => {
    if (plans.get(prisma)?.plan === plan) plans.delete(prisma);
  });
  return plan;
}

export const dropPlan = (prisma: PrismaClient) => plans.delete(prisma);

/** The edge one box uses now (null: no edge has a base URL, the box keeps the origin's own URLs). */
export async function deliveryOf(
  prisma: PrismaClient,
  deviceId: string,
): Promise<TDeliveryAssignment | null> {
  return assignEdge(deviceId, await currentPlan(prisma));
}
