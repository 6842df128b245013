import { describe, expect, it } from 'vitest';
import { INSTANT_RANGE_MESSAGE, zCalendarDate, zInstant } from './bounds';
import { ZEpgQuerySchema } from './device-api';
import { ZAmsterdamTimeSchema } from './schedule';

const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? null : result.error?.issues[0]?.message;

describe('input bounds', () => {
  it('takes only real calendar days inside the range', () => {
    const day = zCalendarDate();
    for (const ok of ['2026-10-25', '2028-02-29', '2099-12-31']) expect(day.safeParse(ok).success).toBe(true);
    expect(messageOf(day.safeParse('2026-13-45'))).toBe('is not a real calendar date');
    expect(messageOf(day.safeParse('2027-02-29'))).toBe('is not a real calendar date');
    expect(messageOf(day.safeParse('0000-01-01'))).toBe(INSTANT_RANGE_MESSAGE);
    expect(messageOf(day.safeParse('0050-01-01'))).toBe(INSTANT_RANGE_MESSAGE);
    expect(messageOf(day.safeParse('9999-12-31'))).toBe(INSTANT_RANGE_MESSAGE);
    expect(messageOf(day.safeParse('26-10-25'))).toBe('must be a date like 2026-10-25');
  });

  it('refuses instants outside 2000–2099 in dates, guide windows and schedule times', () => {
    expect(messageOf(zInstant().safeParse(new Date('1970-01-01T00:00:00Z')))).toBe(INSTANT_RANGE_MESSAGE);
    expect(messageOf(zInstant().safeParse(new Date(8.64e15)))).toBe(INSTANT_RANGE_MESSAGE);
    expect(messageOf(zInstant().safeParse(new Date(Number.NaN)))).toBe('must be a date');
    for (const from of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      const result = ZEpgQuerySchema.safeParse({ from });
      expect(result.error?.issues[0]).toMatchObject({ path: ['from'], message: INSTANT_RANGE_MESSAGE });
    }
    expect(ZEpgQuerySchema.safeParse({ from: '2026-10-25T00:00:00Z' }).success).toBe(true);
    expect(messageOf(ZAmsterdamTimeSchema.safeParse('2100-06-01 12:00'))).toBe(INSTANT_RANGE_MESSAGE);
    expect(ZAmsterdamTimeSchema.safeParse('2026-10-25 20:30').success).toBe(true);
  });
});
