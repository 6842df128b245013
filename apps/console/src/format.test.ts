import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDayHeading,
  formatDayShort,
  formatRange,
  formatTime,
  isIsoTimestamp,
} from './format';

// "Now" is fixed so the current-year rule is tested, not today's date.
const NOW = new Date('2026-12-02T12:00:00Z');

describe('formatDateTime', () => {
  it('shows Amsterdam time, 24-hour, without the current year', () => {
    expect(formatDateTime('2026-12-02T13:04:00Z', NOW)).toBe('2 Dec, 14:04');
    expect(formatDateTime(new Date('2026-07-01T20:30:00Z'), NOW)).toBe('1 Jul, 22:30');
  });

  it('shows the year when it is not the current one, also where the Amsterdam date crosses into it', () => {
    expect(formatDateTime('2027-12-02T13:04:00Z', NOW)).toBe('2 Dec 2027, 14:04');
    expect(formatDateTime('2025-03-09T08:00:00Z', NOW)).toBe('9 Mar 2025, 09:00');
    // 23:30 UTC on 31 Dec is already New Year's Day in Amsterdam.
    expect(formatDateTime('2026-12-31T23:30:00Z', NOW)).toBe('1 Jan 2027, 00:30');
  });

  it('spells every month the same way whatever the runtime locale data', () => {
    expect(formatDateTime('2026-09-15T10:00:00Z', NOW)).toBe('15 Sep, 12:00');
  });

  it('shows an em dash for never or an unreadable value', () => {
    expect(formatDateTime(null, NOW)).toBe('—');
    expect(formatDateTime(undefined, NOW)).toBe('—');
    expect(formatDateTime('not a date', NOW)).toBe('—');
  });
});

describe('formatDate and formatTime', () => {
  it('shows a day with the year only when not current', () => {
    expect(formatDate('2026-12-02T13:04:00Z', NOW)).toBe('2 Dec');
    expect(formatDate('2024-02-29T13:04:00Z', NOW)).toBe('29 Feb 2024');
  });

  it('reads a bare calendar date as that day, not UTC midnight', () => {
    expect(formatDate('2027-01-01', NOW)).toBe('1 Jan 2027');
    expect(formatDate('2026-02-30', NOW)).toBe('—');
  });

  it('heads a day with its weekday', () => {
    expect(formatDayHeading('2026-12-02', NOW)).toBe('Wednesday 2 Dec');
    expect(formatDayHeading('2027-12-02', NOW)).toBe('Thursday 2 Dec 2027');
  });

  it('shortens the weekday for a column header, with the same day and year rule', () => {
    expect(formatDayShort('2026-12-02', NOW)).toBe('Wed 2 Dec');
    expect(formatDayShort('2026-09-06', NOW)).toBe('Sun 6 Sep');
    expect(formatDayShort('2027-12-02', NOW)).toBe('Thu 2 Dec 2027');
    // An instant is its Amsterdam day: 23:30 UTC on Saturday is already Sunday there.
    expect(formatDayShort('2026-12-05T23:30:00Z', NOW)).toBe('Sun 6 Dec');
  });

  it('shows the Amsterdam clock in 24-hour time', () => {
    expect(formatTime('2026-12-02T23:59:00Z')).toBe('00:59');
    expect(formatTime('2026-06-02T12:05:00Z')).toBe('14:05');
  });
});

describe('formatRange', () => {
  it('leaves out the end date when the span stays within a day', () => {
    expect(formatRange('2026-12-02T19:00:00Z', '2026-12-02T21:30:00Z', NOW)).toBe('2 Dec, 20:00 – 22:30');
  });

  it('shows the end date when it differs', () => {
    expect(formatRange('2026-12-02T19:00:00Z', '2026-12-03T00:30:00Z', NOW)).toBe(
      '2 Dec, 20:00 – 3 Dec, 01:30',
    );
  });

  it('shows each year when either end is not in the current year', () => {
    expect(formatRange('2026-12-02T19:00:00Z', '2036-12-02T19:00:00Z', NOW)).toBe(
      '2 Dec 2026, 20:00 – 2 Dec 2036, 20:00',
    );
    expect(formatRange('2027-03-01T19:00:00Z', '2027-03-01T20:00:00Z', NOW)).toBe(
      '1 Mar 2027, 20:00 – 21:00',
    );
  });

  it('reads an open end as now', () => {
    expect(formatRange('2026-12-02T19:00:00Z', null, NOW)).toBe('2 Dec, 20:00 – now');
  });
});

describe('isIsoTimestamp', () => {
  it('recognises the API timestamps and nothing else', () => {
    expect(isIsoTimestamp('2026-12-02T13:04:00.000Z')).toBe(true);
    expect(isIsoTimestamp('2026-12-02T14:04:00+01:00')).toBe(true);
    expect(isIsoTimestamp('2026-12-02')).toBe(false);
    expect(isIsoTimestamp('Channel 2026-12-02T13:04:00Z')).toBe(false);
    expect(isIsoTimestamp(42)).toBe(false);
  });
});
