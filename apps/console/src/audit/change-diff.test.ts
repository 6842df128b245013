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

describe('timestamps in the diff', () => {
  it('shows ISO timestamps in the console format, Amsterdam time, also inside nested values', () => {
    const year = new Date().getUTCFullYear() + 1;
    const rows = changeRows(
      { endsAt: null, window: { from: `${year}-06-01T10:00:00.000Z` } },
      { endsAt: `${year}-12-02T13:04:00.000Z`, window: { from: `${year}-06-01T10:00:00.000Z` } },
    );
    expect(rows).toEqual([
      { field: 'endsAt', before: 'null', after: `2 Dec ${year}, 14:04`, changed: true },
      {
        field: 'window',
        before: `{\n "from": "1 Jun ${year}, 12:00"\n}`,
        after: `{\n "from": "1 Jun ${year}, 12:00"\n}`,
        changed: false,
      },
    ]);
  });

  it('tells apart two instants that read the same to the minute', () => {
    const [row] = changeRows({ at: '2026-12-02T13:04:00.000Z' }, { at: '2026-12-02T13:04:30.000Z' }) ?? [];
    expect(row?.changed).toBe(true);
  });
});
