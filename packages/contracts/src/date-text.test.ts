import { describe, expect, it } from 'vitest';
import {
  formatDateText,
  formatDateTimeText,
  parseDateText,
  parseDateTimeText,
  shiftCalendarDate,
  toLocalDateTimeValue,
  toLocalDateValue,
} from './date-text';

describe('date text', () => {
  it('reads a date as operators type it, day first', () => {
    for (const typed of [
      '2 Dec 2026',
      '2 december 2026',
      '02 Dec. 2026',
      '2026-12-02',
      '02-12-2026',
      '2/12/2026',
      '2.12.2026',
    ]) {
      expect(parseDateText(typed), typed).toBe('2026-12-02');
    }
  });

  it('refuses dates that do not exist or do not read as dates', () => {
    for (const typed of ['30 Feb 2026', '2026-13-01', '12/31/2026', 'tomorrow', '2 Foo 2026', '']) {
      expect(parseDateText(typed), typed).toBeNull();
    }
  });

  it('shows a date as dd Mon yyyy', () => {
    expect(formatDateText('2026-09-05')).toBe('5 Sep 2026');
    expect(formatDateText('')).toBe('');
  });

  it('moves by days and by months, clamping to the month end', () => {
    expect(shiftCalendarDate('2026-12-31', { days: 1 })).toBe('2027-01-01');
    expect(shiftCalendarDate('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(shiftCalendarDate('2026-03-01', { days: -1 })).toBe('2026-02-28');
  });
});

describe('date-time text', () => {
  it('reads a 24-hour date and time in several spellings', () => {
    for (const typed of [
      '2 Dec 2026, 14:04',
      '2 Dec 2026 14:04',
      '2026-12-02 14:04',
      '2026-12-02T14:04',
      '2/12/2026 14.04',
    ]) {
      expect(parseDateTimeText(typed), typed).toBe('2026-12-02T14:04');
    }
    expect(parseDateTimeText('2 Dec 2026')).toBe('2026-12-02T00:00');
    expect(parseDateTimeText('25 Oct 2026 02:30 +0100')).toBe('2026-10-25T02:30+01:00');
  });

  it('refuses impossible times', () => {
    expect(parseDateTimeText('2 Dec 2026 24:00')).toBeNull();
    expect(parseDateTimeText('2 Dec 2026 2pm')).toBeNull();
  });

  it('turns an ISO instant into Amsterdam local time, naming the second pass of the repeated hour', () => {
    expect(toLocalDateTimeValue('2026-12-02T13:04:00.000Z')).toBe('2026-12-02T14:04');
    expect(toLocalDateTimeValue('2026-07-01T22:30:00Z')).toBe('2026-07-02T00:30');
    expect(toLocalDateTimeValue('2026-10-25T00:30:00Z')).toBe('2026-10-25T02:30');
    expect(toLocalDateTimeValue('2026-10-25T01:30:00Z')).toBe('2026-10-25T02:30+01:00');
    expect(toLocalDateTimeValue('2026-12-02T14:04')).toBe('2026-12-02T14:04');
    expect(toLocalDateValue('2026-12-31T23:30:00Z')).toBe('2027-01-01');
  });

  it('shows a date-time value as dd Mon yyyy, HH:mm', () => {
    expect(formatDateTimeText('2026-12-02T14:04')).toBe('2 Dec 2026, 14:04');
    expect(formatDateTimeText('2026-10-25T01:30:00Z')).toBe('25 Oct 2026, 02:30 +01:00');
    expect(formatDateTimeText('')).toBe('');
  });
});
