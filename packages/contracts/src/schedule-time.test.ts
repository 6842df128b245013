import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  amsterdamDayBounds,
  amsterdamInstant,
  formatAmsterdam,
  formatAmsterdamDateTime,
  formatAmsterdamSpan,
  parseAmsterdamTime,
} from './schedule-time';

const iso = (text: string) => {
  const result = parseAmsterdamTime(text);
  return result.ok ? result.instant.toISOString() : result.message;
};

describe('Amsterdam wall-clock times', () => {
  it('reads winter and summer times with their own offsets', () => {
    expect(iso('2026-01-15 20:30')).toBe('2026-01-15T19:30:00.000Z');
    expect(iso('2026-07-15T20:30')).toBe('2026-07-15T18:30:00.000Z');
  });

  it('refuses a time in the spring-forward gap (2026-03-29 02:00–03:00 does not exist)', () => {
    expect(iso('2026-03-29 02:30')).toMatch(/does not exist in Amsterdam/);
    expect(iso('2026-03-29 01:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(iso('2026-03-29 03:00')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('resolves the repeated autumn hour to its first pass unless +01:00 asks for the second', () => {
    const first = parseAmsterdamTime('2026-10-25 02:30');
    expect(first).toMatchObject({ ok: true, ambiguous: true });
    expect(iso('2026-10-25 02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(iso('2026-10-25 02:30 +02:00')).toBe('2026-10-25T00:30:00.000Z');
    expect(iso('2026-10-25 02:30+01:00')).toBe('2026-10-25T01:30:00.000Z');
    expect(iso('2026-10-25 20:30 +02:00')).toMatch(/is not \+02:00/);
  });

  it('refuses malformed and impossible dates', () => {
    expect(iso('tomorrow')).toMatch(/must be a date and time/);
    expect(iso('2026-02-30 10:00')).toMatch(/not a real calendar date/);
  });

  it('formats instants back, with the offset telling the two 02:30s apart', () => {
    expect(formatAmsterdam(new Date('2026-10-25T00:30:00Z'), true)).toBe('2026-10-25 02:30 +02:00');
    expect(formatAmsterdam(new Date('2026-10-25T01:30:00Z'), true)).toBe('2026-10-25 02:30 +01:00');
  });

  it('writes messages with the full date and seconds, the offset only where the hour repeats', () => {
    expect(formatAmsterdamSpan(new Date('2026-12-02T11:31:00Z'), new Date('2026-12-03T00:00:00Z'))).toBe(
      '2 Dec 2026 12:31:00 – 3 Dec 2026 01:00:00',
    );
    expect(formatAmsterdamDateTime(new Date('2026-07-01T18:00:05Z'))).toBe('1 Jul 2026 20:00:05');
    expect(formatAmsterdamDateTime(new Date('2026-10-25T00:30:00Z'))).toBe('25 Oct 2026 02:30:00 +02:00');
    expect(formatAmsterdamDateTime(new Date('2026-10-25T01:30:00Z'))).toBe('25 Oct 2026 02:30:00 +01:00');
    expect(formatAmsterdamDateTime(new Date('2026-10-25T02:00:00Z'))).toBe('25 Oct 2026 03:00:00');
  });

  it('gives 23- and 25-hour days on the change-over dates', () => {
    const hours = (date: string) => {
      const { from, to } = amsterdamDayBounds(date);
      return (to.getTime() - from.getTime()) / 3_600_000;
    };
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-06-01')).toBe(24);
    expect(amsterdamDayBounds('2026-10-25').from.toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});

describe('amsterdamInstant (wall clock to instant, as the seed schedules)', () => {
  const at = (date: string, minute: number) => amsterdamInstant(date, minute).toISOString();

  it('agrees with parseAmsterdamTime on ordinary and repeated-hour times', () => {
    expect(at('2026-01-15', 20 * 60 + 30)).toBe(iso('2026-01-15 20:30'));
    expect(at('2026-07-15', 20 * 60 + 30)).toBe(iso('2026-07-15 20:30'));
    expect(at('2026-10-25', 2 * 60 + 30)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('moves a time in the spring-forward gap an hour on, and lets minutes run into the next day', () => {
    expect(at('2026-03-29', 2 * 60 + 30)).toBe(iso('2026-03-29 03:30'));
    expect(at('2026-03-29', 24 * 60 + 15)).toBe(iso('2026-03-30 00:15'));
    expect(at('2026-12-31', 25 * 60)).toBe(iso('2027-01-01 01:00'));
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addCalendarDays('2026-03-28', 14)).toBe('2026-04-11');
  });
});
