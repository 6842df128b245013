import { describe, expect, it } from 'vitest';
import { spacedLabels } from './spaced-labels';

describe('chart line labels', () => {
  it('labels lines only where they stand apart, in time order, so no two labels overprint', () => {
    const lines = [
      { key: 'failover', at: 1_000 },
      { key: 'source-down', at: 1_020 },
      { key: 'alert', at: 1_050 },
      { key: 'probe', at: 1_500 },
      { key: 'resolved', at: 1_990 },
    ];
    // An axis of 1,000 ms: labels at least 80 ms apart.
    expect([...spacedLabels(lines, 1_000, 2_000)]).toEqual(['failover', 'probe', 'resolved']);
    // Far apart on a short axis, every line keeps its label.
    expect(spacedLabels(lines.slice(0, 2), 1_000, 1_100, 0.1).size).toBe(2);
    expect(spacedLabels([], 0, 1).size).toBe(0);
  });
});
