import { describe, expect, it } from 'vitest';
import { changeRows } from './change-diff';

describe('changeRows', () => {
  it('lines fields up, changed ones first', () => {
    expect(changeRows({ role: 'NOC', name: 'Ada' }, { role: 'ADMIN', name: 'Ada' })).toEqual([
      { field: 'role', before: 'NOC', after: 'ADMIN', changed: true },
      { field: 'name', before: 'Ada', after: 'Ada', changed: false },
    ]);
  });

  it('shows a create as fields going from nothing to a value', () => {
    expect(changeRows(null, { disabled: false })).toEqual([
      { field: 'disabled', before: '—', after: 'false', changed: true },
    ]);
  });

  it('gives up on non-record values so they can be shown whole', () => {
    expect(changeRows([1], [2])).toBeNull();
  });
});
