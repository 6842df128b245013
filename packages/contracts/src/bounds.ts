import { z } from 'zod';
import { zText } from './text';

/** Record ids (cuid, uuid) and slugs as input: storable single-line text, bounded. */
export const ID_MAX_LENGTH = 100;
export const zId = (required = 'is required') => zText(ID_MAX_LENGTH).min(1, required);

/**
 * The instants Keten takes as input (guide windows, schedules, audit filters, subscriptions). Nothing an
 * operator or a box means lies outside, and PostgreSQL and the XMLTV/ISO formats all hold what lies inside.
 */
export const EARLIEST_INSTANT = new Date('2000-01-01T00:00:00Z');
export const LATEST_INSTANT = new Date('2100-01-01T00:00:00Z');
export const INSTANT_RANGE_MESSAGE = 'must be between 2000-01-01 and 2099-12-31 (UTC)';

export function instantInRange(instant: Date): boolean {
  const time = instant.getTime();
  return time >= EARLIEST_INSTANT.getTime() && time < LATEST_INSTANT.getTime();
}

/** A Date input (superjson carries Dates to tRPC), inside the range above. */
export const zInstant = (error = 'must be a date') =>
  z.date({ error }).refine(instantInRange, { message: INSTANT_RANGE_MESSAGE, abort: true });

/** "YYYY-MM-DD" that is a real calendar day inside the range above (2026-13-45 is not). */
export const zCalendarDate = () =>
  zText(10)
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-10-25', abort: true })
    .refine(
      (text) => {
        const [year, month, day] = text.split('-').map(Number) as [number, number, number];
        // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
        const date = new Date(0);
        date.setUTCFullYear(year, month - 1, day);
        return (
          date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
        );
      },
      { message: 'is not a real calendar date', abort: true },
    )
    .refine((text) => instantInRange(new Date(`${text}T12:00:00Z`)), { message: INSTANT_RANGE_MESSAGE });
