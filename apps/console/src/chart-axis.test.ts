import { describe, expect, it } from 'vitest';
import { BAR_ROW_PX, barChartHeight, integerAxis } from './chart-axis';

describe('integerAxis', () => {
  it('runs 0–1 for a single change, not 0–4', () => {
    expect(integerAxis(1)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });

  it('uses whole, round steps and ends just past the largest value', () => {
    expect(integerAxis(3)).toEqual({ domain: [0, 3], ticks: [0, 1, 2, 3] });
    expect(integerAxis(7)).toEqual({ domain: [0, 8], ticks: [0, 2, 4, 6, 8] });
    expect(integerAxis(37)).toEqual({ domain: [0, 40], ticks: [0, 10, 20, 30, 40] });
    expect(integerAxis(1234).ticks.every(Number.isInteger)).toBe(true);
  });

  it('keeps an axis for nothing at all', () => {
    expect(integerAxis(0)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});

describe('barChartHeight', () => {
  it('gives each of 15 firmware bars a label row', () => {
    expect(barChartHeight(15)).toBeGreaterThanOrEqual(15 * BAR_ROW_PX);
    expect(barChartHeight(1)).toBe(180);
  });
});
