import { STEERING_RULE_DEFAULTS } from '@keten/contracts';
import { describe, expect, it } from 'vitest';
import { assignEdge, homeHashes, type TPlanEdge } from './steering.assign';
import { decideSteering, judgeEdge, type TDecideEdge, type TEdgeFigures } from './steering.decide';

const good: TEdgeFigures = {
  requests: 1000,
  errorRate: 0.002,
  ttfbP95Ms: 40,
  sessions: 50,
  sessionFailureRate: 0.01,
  rebufferingRatio: 0.002,
};
const bad: TEdgeFigures = { ...good, errorRate: 0.3 };
const healthy = {
  state: 'HEALTHY' as const,
  avoidedSince: null,
  reason: null,
  healthySince: null,
  movedShare: 0,
  pinned: false,
};
const edge = (name: string, figures: TEdgeFigures | undefined): TDecideEdge => ({
  name,
  assignable: true,
  rule: STEERING_RULE_DEFAULTS,
  figures,
  current: healthy,
});
const plan = (names: string[]): TPlanEdge[] =>
  names.map((name) => ({
    name,
    baseUrl: `https://${name}`,
    weight: 100,
    receives: true,
    movedShare: 0,
    reason: null,
  }));
const ids = Array.from({ length: 3000 }, (_, i) => `box-${i}`);
const now = new Date('2026-12-03T20:00:00Z');

describe('steering decisions (pure)', () => {
  it('judges only with enough samples, and says each breach in words with its numbers', () => {
    expect(judgeEdge({ ...bad, requests: 50, sessions: 2 }, STEERING_RULE_DEFAULTS).verdict).toBe('unknown');
    expect(judgeEdge(good, STEERING_RULE_DEFAULTS).verdict).toBe('ok');
    expect(judgeEdge({ ...bad, ttfbP95Ms: 2400 }, STEERING_RULE_DEFAULTS)).toEqual({
      verdict: 'breach',
      reasons: ['error rate 30.0 % (> 5.0 %) over 1,000 requests', 'TTFB p95 2,400 ms (> 1,000 ms)'],
    });
  });

  it('never steers the last healthy edge away', () => {
    const names = ['a', 'b', 'c'];
    const { decisions, events } = decideSteering({
      edges: names.map((name) => edge(name, bad)),
      homes: homeHashes(ids, plan(names)),
      fleetSize: ids.length,
      now,
      maxMovePercent: 10,
    });
    // Each breaching edge is avoided while another healthy one remains: none is, as all breach.
    expect(decisions.every((d) => d.next.state === 'HEALTHY')).toBe(true);
    expect(events.map((e) => e.kind)).toEqual(['kept', 'kept', 'kept']);
    const two = decideSteering({
      edges: [edge('a', bad), edge('b', bad), edge('c', good)],
      homes: homeHashes(ids, plan(names)),
      fleetSize: ids.length,
      now,
      maxMovePercent: 10,
    });
    expect(two.decisions.map((d) => d.next.state)).toEqual(['AVOIDED', 'AVOIDED', 'HEALTHY']);
  });

  it('moves exactly the cap per cycle, sticky, and only onto edges that receive', () => {
    const names = ['a', 'b', 'c'];
    let edges = [edge('a', bad), edge('b', good), edge('c', good)];
    const homes = homeHashes(ids, plan(names));
    let previous = new Map(ids.map((id) => [id, assignEdge(id, plan(names))?.edge]));
    for (let cycle = 0; cycle < 6; cycle++) {
      const { decisions } = decideSteering({ edges, homes, fleetSize: ids.length, now, maxMovePercent: 10 });
      edges = edges.map((e, i) => ({ ...e, current: decisions[i]!.next }));
      const current = plan(names).map((p, i) => ({
        ...p,
        movedShare: decisions[i]!.next.movedShare,
        receives: decisions[i]!.next.state === 'HEALTHY',
        reason: decisions[i]!.next.reason,
      }));
      const now2 = new Map(ids.map((id) => [id, assignEdge(id, current)?.edge]));
      const moved = ids.filter((id) => previous.get(id) !== now2.get(id));
      expect(moved.length).toBeLessThanOrEqual(300);
      // Sticky: a box moved earlier stays moved; none lands on the avoided edge.
      for (const id of moved) expect(now2.get(id)).not.toBe('a');
      previous = now2;
    }
    const left = ids.filter((id) => previous.get(id) === 'a').length;
    // All but the 5 % probe of a's boxes moved.
    expect(left).toBe(homes.get('a')!.length - Math.floor(0.95 * homes.get('a')!.length));
  });

  it('half-open: an avoided edge too quiet to judge gets a probe step of boxes back a cycle, until judged', () => {
    const names = ['a', 'b', 'c'];
    const homes = homeHashes(ids, plan(names));
    const home = homes.get('a')!.length;
    const step = Math.ceil(home * 0.05);
    const quiet: TEdgeFigures = { ...good, requests: 40, sessions: 3 };
    let edges = [edge('a', bad), edge('b', good), edge('c', good)];
    const run = (figures: TEdgeFigures, cycles: number) => {
      const moved: number[] = [];
      for (let i = 0; i < cycles; i++) {
        edges[0] = { ...edges[0]!, figures };
        const { decisions } = decideSteering({
          edges,
          homes,
          fleetSize: ids.length,
          now,
          maxMovePercent: 10,
        });
        edges = edges.map((e, index) => ({ ...e, current: decisions[index]!.next }));
        moved.push(decisions[0]!.movedBoxes);
      }
      return moved;
    };
    // Avoided and moved down to its probe.
    run(bad, 6);
    const full = Math.floor(0.95 * home);
    const count = () => homes.get('a')!.filter((hash) => hash < edges[0]!.current.movedShare).length;
    expect(count()).toBe(full);
    // Too few requests and sessions to judge: a probe step back each cycle, the hold not started.
    expect(run(quiet, 2)).toEqual([-step, -step]);
    expect(count()).toBe(full - 2 * step);
    expect(edges[0]!.current).toMatchObject({ state: 'AVOIDED', healthySince: null });
    // Judged again: within the rule, nothing moves and the hold runs; breaching, back away to the probe.
    expect(run(good, 1)).toEqual([0]);
    expect(edges[0]!.current.healthySince).toEqual(now);
    expect(run(bad, 1)).toEqual([2 * step]);
    expect(edges[0]!.current).toMatchObject({ state: 'AVOIDED', healthySince: null });
    // Pinned by hand, a quiet edge stays avoided with all its boxes away.
    edges[0] = { ...edges[0]!, current: { ...edges[0]!.current, pinned: true } };
    run(bad, 3);
    expect(run(quiet, 2)).toEqual([0, 0]);
    expect(count()).toBe(home);
  });
});
