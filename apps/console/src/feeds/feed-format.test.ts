import { describe, expect, it } from 'vitest';
import { sourceProblems } from './feed-format';

describe('sourceProblems', () => {
  it('names down and degraded sources, and nothing when all are fine', () => {
    expect(sourceProblems({ total: 2, down: 1, degraded: 1 })).toBe('1 down, 1 degraded');
    expect(sourceProblems({ total: 3, down: 0, degraded: 2 })).toBe('2 degraded');
    expect(sourceProblems({ total: 2, down: 0, degraded: 0 })).toBeNull();
  });
});
