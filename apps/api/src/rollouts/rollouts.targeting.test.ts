import type { TDeviceFacts } from '@keten/flags';
import { ZCohortRuleSchema } from '@keten/flags';
import { describe, expect, it } from 'vitest';
import { countWaves, inPopulation, reachedPercent, reaches, type TRolloutScope } from './rollouts.targeting';

const scope = (rule: Record<string, unknown> = {}): TRolloutScope => ({
  id: 'rollout-kaon-2-0-0',
  boxModel: 'kaon-kstb6077',
  targetVersion: '2.0.0',
  previousVersion: '1.9.0',
  cohort: { key: 'all-kaon', rule: ZCohortRuleSchema.parse(rule) },
});

const fleet = (count: number, model = 'kaon-kstb6077', firmware = '1.9.0'): TDeviceFacts[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `device-${model}-${i}`,
    boxModel: model,
    firmware,
    appVersion: '5.0.0',
    region: i % 2 === 0 ? 'Utrecht' : 'Limburg',
    packages: ['basis'],
  }));

describe('which boxes a wave reaches', () => {
  const waves = [
    { ordinal: 1, percent: 1 },
    { ordinal: 2, percent: 5 },
    { ordinal: 3, percent: 25 },
    { ordinal: 4, percent: 100 },
  ];

  it('sizes each wave to its share of the cohort (20,000 boxes, within 4 standard deviations)', () => {
    const boxes = fleet(20_000);
    const counts = countWaves(scope(), waves, boxes, new Set());
    expect(counts.eligible).toBe(20_000);
    let previous = 0;
    for (const wave of counts.waves) {
      const share = (wave.percent - previous) / 100;
      const expected = 20_000 * share;
      const sd = Math.sqrt(20_000 * share * (1 - share));
      expect(Math.abs(wave.targeted - expected), `wave ${wave.ordinal}`).toBeLessThanOrEqual(4 * sd + 1);
      previous = wave.percent;
    }
    expect(counts.waves.reduce((sum, wave) => sum + wave.targeted, 0)).toBe(20_000);
  });

  it('is deterministic and sticky: the same boxes every time, and each wave keeps the boxes of the waves before', () => {
    const boxes = fleet(5_000);
    const reached = (percent: number) =>
      boxes.filter((box) => reaches(scope().id, box.id, percent)).map((b) => b.id);
    expect(reached(5)).toEqual(reached(5));
    const first = new Set(reached(1));
    const second = new Set(reached(5));
    expect([...first].every((id) => second.has(id))).toBe(true);
    expect(second.size).toBeGreaterThan(first.size);
    // Another rollout picks other boxes for its 5 %.
    const other = boxes.filter((box) => reaches('another-rollout', box.id, 5)).map((b) => b.id);
    expect(other).not.toEqual(reached(5));
    expect(reached(0)).toEqual([]);
    expect(reached(100)).toHaveLength(5_000);
  });

  it('reaches only the firmware’s box model and the cohort, and keeps updated boxes in a cohort that names the old firmware', () => {
    const onOld = scope({ firmware: ['1.9.0'], regions: ['Utrecht'] });
    const [utrecht, limburg] = fleet(2);
    if (!utrecht || !limburg) throw new Error('fleet');
    expect(inPopulation(onOld, utrecht)).toBe(true);
    expect(inPopulation(onOld, limburg)).toBe(false);
    expect(inPopulation(onOld, { ...utrecht, boxModel: 'arris-vip1113' })).toBe(false);
    // Updated to 2.0.0: still in (a rollback must reach it); on some other version: out.
    expect(inPopulation(onOld, { ...utrecht, firmware: '2.0.0' })).toBe(true);
    expect(inPopulation(onOld, { ...utrecht, firmware: '1.8.2' })).toBe(false);
  });

  it('reaches the highest started wave', () => {
    const at = new Date();
    expect(reachedPercent([])).toBe(0);
    expect(
      reachedPercent([
        { percent: 1, startedAt: at },
        { percent: 5, startedAt: at },
        { percent: 25, startedAt: null },
      ]),
    ).toBe(5);
  });
});
