import { describe, expect, it } from 'vitest';
import { filterChannels } from './grid-filter';
import { hoursOfDay, instantAtWallMinutes, place, placeInDay, repeatedHour, snap } from './grid-geometry';
import { formatSlotRange, mondayOf } from './local-time';

const at = (iso: string) => new Date(iso);

describe('schedule grid time', () => {
  it('a span across years shows both years; within a day only times', () => {
    expect(formatSlotRange(at('2026-12-02T19:00:00Z'), at('2036-12-02T19:00:00Z'), '2026-12-02')).toBe(
      '2 Dec 2026, 20:00–2 Dec 2036, 20:00',
    );
    expect(formatSlotRange(at('2026-12-02T19:00:00Z'), at('2026-12-02T19:30:00Z'), '2026-12-02')).toBe(
      '20:00–20:30',
    );
    expect(formatSlotRange(at('2026-12-02T22:30:00Z'), at('2026-12-03T00:30:00Z'), '2026-12-02')).toBe(
      '23:30–3 Dec, 01:30',
    );
    expect(formatSlotRange(at('2026-12-31T22:30:00Z'), at('2027-01-01T00:30:00Z'), '2026-12-31')).toBe(
      '31 Dec 2026, 23:30–1 Jan 2027, 01:30',
    );
  });

  it('change-over days have 23 and 25 hour columns; the week starts on Monday', () => {
    expect(hoursOfDay('2027-03-28')).toHaveLength(23);
    expect(hoursOfDay('2027-10-31')).toHaveLength(25);
    expect(hoursOfDay('2027-02-10')).toHaveLength(24);
    expect(mondayOf('2027-02-10')).toBe('2027-02-08');
    expect(mondayOf('2027-02-14')).toBe('2027-02-08');
    expect(mondayOf('2027-02-08')).toBe('2027-02-08');
  });

  it('places blocks by time, clipped at the edges, and snaps drops', () => {
    const from = at('2027-02-09T23:00:00Z');
    const to = at('2027-02-10T23:00:00Z');
    expect(place(at('2027-02-10T19:00:00Z'), at('2027-02-10T19:30:00Z'), from, to, 120)).toEqual({
      offset: 20 * 120,
      size: 60,
      before: false,
      after: false,
    });
    expect(place(at('2027-02-09T22:00:00Z'), at('2027-02-10T00:00:00Z'), from, to, 120)).toMatchObject({
      offset: 0,
      size: 120,
      before: true,
    });
    expect(snap(from.getTime() + 17 * 60_000, from.getTime(), 15, 'floor')).toEqual(
      at('2027-02-09T23:15:00Z'),
    );
    expect(snap(from.getTime() + 13 * 60_000, from.getTime(), 5, 'round')).toEqual(
      at('2027-02-09T23:15:00Z'),
    );
    // The week view reads the wall clock: 20:00 is 20 rows down whatever the offset.
    expect(placeInDay(at('2027-07-01T18:00:00Z'), at('2027-07-01T19:00:00Z'), '2027-07-01').offset).toBe(
      20 * 44,
    );
    expect(instantAtWallMinutes('2027-07-01', 21 * 60 + 2, 5, 'round')).toEqual(at('2027-07-01T19:00:00Z'));
  });

  it('draws the two passes of the repeated autumn hour side by side in the week view, not on one spot', () => {
    // 2027-10-31: 02:00–03:00 happens twice, first at +02:00 (00:00Z), then at +01:00 (01:00Z).
    expect(repeatedHour('2027-10-31')).toEqual({
      first: [at('2027-10-31T00:00:00Z'), at('2027-10-31T01:00:00Z')],
      second: [at('2027-10-31T01:00:00Z'), at('2027-10-31T02:00:00Z')],
    });
    expect(repeatedHour('2027-10-30')).toBeUndefined();
    expect(repeatedHour('2027-03-28')).toBeUndefined();
    const first = placeInDay(at('2027-10-31T00:00:00Z'), at('2027-10-31T00:30:00Z'), '2027-10-31');
    const second = placeInDay(at('2027-10-31T01:00:00Z'), at('2027-10-31T01:30:00Z'), '2027-10-31');
    // The same rows (02:00–02:30 on the clock) ...
    expect(first.offset).toBe(2 * 44);
    expect(second.offset).toBe(2 * 44);
    expect(first.size).toBe(22);
    expect(second.size).toBe(22);
    // ... in two lanes.
    expect(first.lane).toBe('first');
    expect(second.lane).toBe('second');
    // A span across both passes, and any other day, takes the whole width.
    expect(
      placeInDay(at('2027-10-30T23:00:00Z'), at('2027-10-31T02:00:00Z'), '2027-10-31').lane,
    ).toBeUndefined();
    expect(
      placeInDay(at('2027-07-01T18:00:00Z'), at('2027-07-01T19:00:00Z'), '2027-07-01').lane,
    ).toBeUndefined();
  });

  it('filters channels by name, number and package', () => {
    const ch = (lcn: number, name: string, packages: string[]) => ({
      id: String(lcn),
      lcn,
      name,
      slug: name.toLowerCase().replace(/ /g, '-'),
      state: 'LIVE' as const,
      packages: packages.map((code) => ({ code, name: code })),
    });
    const all = [ch(1, 'NPO 1', ['BASIS']), ch(70, 'ESPN 1', ['SPORT']), ch(74, 'Eurosport 1', ['BASIS'])];
    expect(filterChannels(all, 'espn', undefined).map((c) => c.name)).toEqual(['ESPN 1']);
    expect(filterChannels(all, '74', undefined).map((c) => c.name)).toEqual(['Eurosport 1']);
    expect(filterChannels(all, undefined, 'BASIS').map((c) => c.name)).toEqual(['NPO 1', 'Eurosport 1']);
  });
});
