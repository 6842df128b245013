import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { BEACON_TIME_RANGE } from '@keten/contracts';
import { asClickHouseException, isRowRefusal } from '../insert-refusal';
import { formatClickHouseTime } from './clickhouse-time';

export const QOE_EVENTS_TABLE = 'qoe_events_v1';
/** ClickHouse's max_partitions_per_insert_block (default 100): qoe_events_v1 has one partition per day. */
export const QOE_PARTITIONS_PER_INSERT = 100;
// The engine takes a few thousand rows per insert at nearly its bulk rate; bigger bodies only hold more memory.
const ROWS_PER_INSERT = 5000;
const EVENT_TIME_PREFIX = '{"event_time":"';
const TIME_AT = EVENT_TIME_PREFIX.length;
const QUOTE = 34;
const TIME_MIN = formatClickHouseTime(BEACON_TIME_RANGE.min);
const TIME_MAX = formatClickHouseTime(BEACON_TIME_RANGE.max);
// The range starts and ends at midnight, so comparing days is comparing times.
const DAY_MIN = TIME_MIN.slice(0, 10);
const DAY_MAX = TIME_MAX.slice(0, 10);

/** A row the store will not take, with the store's reason (ClickHouse's error name and text, or the range). */
export interface TQoeRefusal {
  line: string;
  error: { code: string; clickhouseCode?: number; message: string };
}

export interface TQoeLinesOutcome {
  stored: number;
  /** Rows isolated as refused; every other row was stored or is pending. */
  refused: TQoeRefusal[];
  /** Rows not stored because the store is unavailable (storeError): retry them later, unchanged. */
  pending: string[];
  storeError: unknown;
}

/**
 * Inserts JSONEachRow lines (encodeQoeEventLine's, one per row) into qoe_events_v1, never letting one bad row hold
 * the others back: rows outside the table's time range are refused up front, the rest go in inserts of at most
 * QOE_PARTITIONS_PER_INSERT days, and an insert ClickHouse refuses for its rows (isRowRefusal) is halved until the
 * offending rows stand alone. A store error stops at once and hands back what is still owed.
 */
export async function insertQoeEventLines(
  client: ClickHouseClient,
  text: string,
  // Any table whose lines start with event_time as encodeQoeEventLine's do (delivery_events_v1) goes the same way.
  table: string = QOE_EVENTS_TABLE,
): Promise<TQoeLinesOutcome> {
  const rows = plainRows(text);
  let refusedWhole = false;
  if (rows > 0) {
    // The common case: one insert with the text as it is, nothing split or joined.
    try {
      await insertText(client, table, text);
      return { stored: rows, refused: [], pending: [], storeError: null };
    } catch (error) {
      if (!isRowRefusal(error)) {
        return { stored: 0, refused: [], pending: text.split('\n').filter(Boolean), storeError: error };
      }
      refusedWhole = true;
    }
  }
  const outcome: TQoeLinesOutcome = { stored: 0, refused: [], pending: [], storeError: null };
  const byDay = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const time = eventTimeOf(line);
    if (time !== null && (time < TIME_MIN || time >= TIME_MAX)) {
      outcome.refused.push({
        line,
        error: { code: 'QOE_EVENT_TIME_OUT_OF_RANGE', message: rangeMessage(table, time) },
      });
      continue;
    }
    const day = time?.slice(0, 10) ?? '';
    const lines = byDay.get(day);
    if (lines) lines.push(line);
    else byDay.set(day, [line]);
  }
  const work = chunk([...byDay.values()]);
  const [whole] = work;
  // The same rows were just refused as one insert: start with its halves.
  if (refusedWhole && work.length === 1 && whole && whole.length > 1) {
    work.splice(0, 1, whole.slice(0, whole.length >>> 1), whole.slice(whole.length >>> 1));
  }
  while (work.length > 0) {
    const lines = work[0] as string[];
    try {
      await insertText(client, table, `${lines.join('\n')}\n`);
      outcome.stored += lines.length;
      work.shift();
    } catch (error) {
      if (!isRowRefusal(error)) {
        outcome.pending = work.flat();
        outcome.storeError = error;
        break;
      }
      work.shift();
      if (lines.length === 1) outcome.refused.push({ line: lines[0] as string, error: refusalOf(error) });
      else work.unshift(lines.slice(0, lines.length >>> 1), lines.slice(lines.length >>> 1));
    }
  }
  return outcome;
}

/**
 * The number of rows when the text can go in one insert as it is (every line with its event_time in place and in
 * range, at most QOE_PARTITIONS_PER_INSERT days and ROWS_PER_INSERT rows), else 0. Reads, allocates little.
 */
function plainRows(text: string): number {
  let rows = 0;
  let lastDay = '';
  const days = new Set<string>();
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (end > start) {
      if (!text.startsWith(EVENT_TIME_PREFIX, start) || text.charCodeAt(start + TIME_AT + 23) !== QUOTE)
        return 0;
      const day = text.slice(start + TIME_AT, start + TIME_AT + 10);
      if (day !== lastDay) {
        if (day < DAY_MIN || day >= DAY_MAX) return 0;
        days.add(day);
        lastDay = day;
      }
      rows++;
    }
    start = end + 1;
  }
  return rows <= ROWS_PER_INSERT && days.size <= QOE_PARTITIONS_PER_INSERT ? rows : 0;
}

/** The raw text as the insert body: the rows are encoded already, so nothing is parsed or encoded again here. */
async function insertText(client: ClickHouseClient, table: string, text: string): Promise<void> {
  const result = await client.exec({
    query: `INSERT INTO ${table} FORMAT JSONEachRow`,
    values: Readable.from([text]),
  });
  // Nothing to read; drained so an HTTP connection goes back to the pool.
  result.stream.resume();
  await finished(result.stream);
}

/** Day groups packed into inserts of at most QOE_PARTITIONS_PER_INSERT days and ROWS_PER_INSERT rows. */
function chunk(days: string[][]): string[][] {
  const inserts: string[][] = [];
  let current: string[] = [];
  let dayCount = 0;
  for (const lines of days) {
    if (dayCount === QOE_PARTITIONS_PER_INSERT) {
      inserts.push(current);
      current = [];
      dayCount = 0;
    }
    current.push(...lines);
    dayCount++;
  }
  if (current.length > 0) inserts.push(current);
  return inserts.flatMap((lines) =>
    lines.length <= ROWS_PER_INSERT
      ? [lines]
      : Array.from({ length: Math.ceil(lines.length / ROWS_PER_INSERT) }, (_, index) =>
          lines.slice(index * ROWS_PER_INSERT, (index + 1) * ROWS_PER_INSERT),
        ),
  );
}

/** `YYYY-MM-DD hh:mm:ss.mmm` of a line, read at its fixed place (encodeQoeEventLine) or parsed; null if unreadable. */
function eventTimeOf(line: string): string | null {
  if (line.startsWith(EVENT_TIME_PREFIX) && line.charCodeAt(TIME_AT + 23) === QUOTE) {
    return line.slice(TIME_AT, TIME_AT + 23);
  }
  try {
    const parsed: unknown = JSON.parse(line);
    const time = (parsed as { event_time?: unknown } | null)?.event_time;
    return typeof time === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(time) ? time : null;
  } catch {
    // ClickHouse will refuse it, and the split will find it.
    return null;
  }
}

function rangeMessage(table: string, time: string): string {
  return `event_time ${time} is outside what ${table} holds (${TIME_MIN} to before ${TIME_MAX} UTC)`;
}

function refusalOf(error: unknown): TQoeRefusal['error'] {
  const exception = asClickHouseException(error);
  if (!exception) return { code: 'UNKNOWN', message: String(error) };
  return { code: exception.type, clickhouseCode: Number(exception.code), message: exception.message };
}
