/**
 * ClickHouse errors that mean "these rows can never be stored" (parse, type and range errors, too many partitions
 * in one insert): the insert is split to find the rows. Anything else (no answer, timeouts, memory, too many parts,
 * a missing table, read-only replicas, codes not listed here) means the store is unwell right now: retried
 * later with the same rows, never rejected, since a wrong guess there would throw away acknowledged beacons.
 */
const ROW_REFUSALS = new Set([
  'CANNOT_PARSE_TEXT', // 6
  'CANNOT_PARSE_ESCAPE_SEQUENCE', // 25: a lone UTF-16 surrogate
  'CANNOT_PARSE_QUOTED_STRING', // 26
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED', // 27: a torn or foreign line, a string where a number belongs
  'ATTEMPT_TO_READ_AFTER_EOF', // 32
  'CANNOT_READ_ALL_DATA', // 33
  'CANNOT_PARSE_DATE', // 38
  'CANNOT_PARSE_DATETIME', // 41
  'TYPE_MISMATCH', // 53
  'ARGUMENT_OUT_OF_BOUND', // 69
  'CANNOT_CONVERT_TYPE', // 70
  'CANNOT_PARSE_NUMBER', // 72
  'INCORRECT_DATA', // 117
  'TOO_LARGE_STRING_SIZE', // 131
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE', // 321
  'CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN', // 349
  'CANNOT_PARSE_BOOL', // 467
  'UNKNOWN_ELEMENT_OF_ENUM', // 691
]);

/** What a ClickHouse exception carries (both backends; chdb's copy of the error class is not the client's). */
export interface TClickHouseException {
  code: string;
  type: string;
  message: string;
}

export function asClickHouseException(error: unknown): TClickHouseException | null {
  if (!(error instanceof Error)) return null;
  const { code, type } = error as Error & { code?: unknown; type?: unknown };
  if (typeof code !== 'string' || !/^\d+$/.test(code) || typeof type !== 'string') return null;
  return { code, type, message: error.message };
}

/** True when ClickHouse refused the rows themselves; false for an unwell store (retry the same rows later). */
export function isRowRefusal(error: unknown): boolean {
  const exception = asClickHouseException(error);
  if (!exception) return false;
  // 252 is also "too many parts" (merges behind inserts), which passes with time; the partition limit does not.
  if (exception.type === 'TOO_MANY_PARTS') return exception.message.includes('partitions for single INSERT');
  return ROW_REFUSALS.has(exception.type);
}
