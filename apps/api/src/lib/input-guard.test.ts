import { TEXT_MESSAGES } from '@keten/contracts';
import { describe, expect, it } from 'vitest';
import { findUnstorableString } from './input-guard';

describe('findUnstorableString', () => {
  it('names the first NUL or lone surrogate by its path, keys included', () => {
    expect(findUnstorableString({ a: ['ok', { b: 'x\u0000' }], c: '\uD800' })).toEqual({
      path: ['a', 1, 'b'],
      message: TEXT_MESSAGES.control,
    });
    expect(findUnstorableString({ mapping: { 'k\uDFFF': 'v' } })).toEqual({
      path: ['mapping', 'k\uDFFF'],
      message: TEXT_MESSAGES.surrogate,
    });
    expect(findUnstorableString(new Map([['k', new Set(['\u0000'])]]))?.path).toEqual(['k', 0]);
  });

  it('lets everything else through: other controls are the schemas’ business, pairs are fine', () => {
    expect(findUnstorableString({ q: 'goal ⚽🎉', note: 'two\nlines\t\u0007', at: new Date() })).toBeNull();
  });

  it('walks input nested 100,000 deep without running out of stack', () => {
    // (Copying the path at every level made this quadratic: minutes, far past the test's timeout.)
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`);
    expect(findUnstorableString(deep)?.path).toHaveLength(100_000);
  });
});
