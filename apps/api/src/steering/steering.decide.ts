import type { TSteeringRule } from '@keten/contracts';
import { movedCount, shareFor } from './steering.assign';

/** An edge's figures over the rule's window: its delivery records and the QoE of the sessions it served. */
export interface TEdgeFigures {
  requests: number;
  errorRate: number;
  ttfbP95Ms: number;
  /** Sessions with beacons (joined on the CMCD session id), and their QoE (null without any). */
  sessions: number;
  sessionFailureRate: number | null;
  rebufferingRatio: number | null;
}

export type TVerdict = 'breach' | 'ok' | 'unknown';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const count = (value: number) => value.toLocaleString('en-US');

/** Whether the figures break the rule, and each breach in words with its numbers. */
export function judgeEdge(figures: TEdgeFigures | undefined, rule: TSteeringRule) {
  const reasons: string[] = [];
  let judged = false;
  if (figures && figures.requests >= rule.minRequests) {
    judged = true;
    if (figures.errorRate > rule.maxErrorRate)
      reasons.push(
        `error rate ${percent(figures.errorRate)} (> ${percent(rule.maxErrorRate)}) over ${count(figures.requests)} requests`,
      );
    if (figures.ttfbP95Ms > rule.maxTtfbP95Ms)
      reasons.push(`TTFB p95 ${count(Math.round(figures.ttfbP95Ms))} ms (> ${count(rule.maxTtfbP95Ms)} ms)`);
  }
  if (figures && figures.sessions >= rule.minSessions) {
    judged = true;
    if (figures.sessionFailureRate !== null && figures.sessionFailureRate > rule.maxSessionFailureRate)
      reasons.push(
        `sessions failed ${percent(figures.sessionFailureRate)} (> ${percent(rule.maxSessionFailureRate)}) of ${count(figures.sessions)}`,
      );
    if (figures.rebufferingRatio !== null && figures.rebufferingRatio > rule.maxRebufferingRatio)
      reasons.push(
        `rebuffering ${percent(figures.rebufferingRatio)} (> ${percent(rule.maxRebufferingRatio)})`,
      );
  }
  const verdict: TVerdict = reasons.length > 0 ? 'breach' : judged ? 'ok' : 'unknown';
  return { verdict, reasons };
}

/** One edge's steering state (the edge_steering row). */
export interface TSteeringState {
  state: 'HEALTHY' | 'AVOIDED';
  avoidedSince: Date | null;
  reason: string | null;
  healthySince: Date | null;
  movedShare: number;
  pinned: boolean;
}

export interface TDecideEdge {
  name: string;
  /** Has a base URL and a weight above 0: boxes call it home. */
  assignable: boolean;
  rule: TSteeringRule;
  figures: TEdgeFigures | undefined;
  current: TSteeringState;
}

export type TSteeringEventKind = 'steer' | 'return' | 'kept';

export interface TSteeringEvent {
  kind: TSteeringEventKind;
  edge: string;
  message: string;
}

export interface TDecision {
  name: string;
  verdict: TVerdict;
  reasons: string[];
  next: TSteeringState;
  /** Boxes moved this cycle (away: positive, back: negative). */
  movedBoxes: number;
}

export interface TDecideInput {
  edges: TDecideEdge[];
  /** Each edge's home boxes as sorted move hashes (steering.assign.ts homeHashes), and the whole active fleet. */
  homes: Map<string, number[]>;
  fleetSize: number;
  now: Date;
  /** At most this share of the fleet's boxes changes edge in one cycle. */
  maxMovePercent: number;
}

/**
 * Half-open: an avoided edge (not pinned) judged `unknown` — its boxes gone, too few requests and sessions left to
 * judge it — gets a probe's worth of its boxes back each cycle until its own records show whether it recovered.
 */
const isProbing = (decision: TDecision, rule: TSteeringRule) =>
  decision.next.state === 'AVOIDED' &&
  !decision.next.pinned &&
  decision.verdict === 'unknown' &&
  rule.probePercent > 0;

/** Boxes handed back to a probing edge per cycle: `probePercent` of its home boxes, at least one. */
const probeStep = (homeBoxes: number, rule: TSteeringRule) =>
  Math.max(1, Math.ceil((homeBoxes * rule.probePercent) / 100));

/** The share of its boxes an edge should have sent elsewhere: all but the probe while avoided, none otherwise. */
export function targetShare(state: TSteeringState, rule: TSteeringRule): number {
  if (state.state === 'HEALTHY') return 0;
  return state.pinned ? 1 : 1 - rule.probePercent / 100;
}

/**
 * One steering cycle, pure: avoid breaching edges (never the last one still healthy), return avoided ones that kept
 * within their rule for the hold time (never one pinned by hand), then move boxes toward each edge's target share
 * with at most `maxMovePercent` of the fleet per cycle (moves away before returns).
 */
export function decideSteering(input: TDecideInput): { decisions: TDecision[]; events: TSteeringEvent[] } {
  const { now } = input;
  const events: TSteeringEvent[] = [];
  const judged = input.edges.map((edge) => ({ edge, ...judgeEdge(edge.figures, edge.rule) }));
  const healthy = new Set(
    judged
      .filter((j) => j.edge.assignable && j.edge.current.state === 'HEALTHY' && j.verdict !== 'breach')
      .map((j) => j.edge.name),
  );
  const decisions = judged.map(({ edge, verdict, reasons }): TDecision => {
    const next: TSteeringState = { ...edge.current };
    if (!edge.assignable) return { name: edge.name, verdict, reasons, next, movedBoxes: 0 };
    if (next.state === 'HEALTHY' && verdict === 'breach') {
      const others = [...healthy].filter((name) => name !== edge.name);
      if (others.length === 0) {
        events.push({
          kind: 'kept',
          edge: edge.name,
          message: `${edge.name} breaches its rule (${reasons.join('; ')}) but is kept: no other edge is healthy`,
        });
      } else {
        Object.assign(next, {
          state: 'AVOIDED',
          avoidedSince: now,
          reason: reasons.join('; '),
          healthySince: null,
        });
        events.push({ kind: 'steer', edge: edge.name, message: `${edge.name} avoided: ${next.reason}` });
      }
    } else if (next.state === 'AVOIDED' && !next.pinned) {
      if (verdict === 'breach') next.healthySince = null;
      else if (verdict === 'ok') {
        next.healthySince ??= now;
        const heldSeconds = (now.getTime() - next.healthySince.getTime()) / 1000;
        if (heldSeconds >= edge.rule.holdSeconds) {
          events.push({
            kind: 'return',
            edge: edge.name,
            message: `${edge.name} returned: within its rule for ${Math.round(heldSeconds)} s (hold ${edge.rule.holdSeconds} s)`,
          });
          Object.assign(next, { state: 'HEALTHY', avoidedSince: null, reason: null, healthySince: null });
          healthy.add(edge.name);
        }
      }
    }
    return { name: edge.name, verdict, reasons, next, movedBoxes: 0 };
  });

  // Boxes move only where some healthy edge can take them; returns always may.
  const receivers = decisions.filter((d) => healthy.has(d.name) && d.next.state === 'HEALTHY').length;
  let budget = Math.max(1, Math.floor((input.fleetSize * input.maxMovePercent) / 100));
  const byEdge = new Map(input.edges.map((edge) => [edge.name, edge]));
  const order = decisions
    .filter((d) => byEdge.get(d.name)?.assignable)
    .sort((a, b) => Number(b.next.state === 'AVOIDED') - Number(a.next.state === 'AVOIDED'));
  for (const decision of order) {
    const edge = byEdge.get(decision.name)!;
    const target = targetShare(decision.next, edge.rule);
    const current = decision.next.movedShare;
    const hashes = input.homes.get(decision.name) ?? [];
    const probing = isProbing(decision, edge.rule);
    if (target === current && !probing) continue;
    if (hashes.length === 0) {
      decision.next.movedShare = probing ? 0 : target;
      continue;
    }
    const already = movedCount(hashes, current);
    const full = target >= 1 ? hashes.length : Math.floor(target * hashes.length);
    // Breaching: toward the full target; judged ok: no further away (the hold runs); too few samples: half-open.
    const goal =
      decision.next.state === 'HEALTHY' || decision.next.pinned || decision.verdict === 'breach'
        ? full
        : probing
          ? Math.max(0, already - probeStep(hashes.length, edge.rule))
          : Math.min(already, full);
    if (goal > already && receivers === 0) continue;
    const take = Math.min(Math.abs(goal - already), budget);
    if (take === 0 && goal !== already) continue;
    budget -= take;
    const moved = goal > already ? already + take : already - take;
    // Exactly `moved` of its boxes lie below the new share.
    decision.next.movedShare = shareFor(hashes, moved);
    decision.movedBoxes = moved - already;
  }
  return { decisions, events };
}
