import { createHash } from 'node:crypto';
import {
  BEACON_TIME_WINDOW,
  EDGE_LOG_MAX_REPORTED,
  type TEdgeLogLine,
  type TEdgeLogReport,
  ZEdgeLogLineSchema,
} from '@keten/contracts';
import { encodeDeliveryLine, type TDeliveryRecord } from '@keten/db/clickhouse';
import { readCmcd } from './cmcd';

const MEDIA_URL = /^\/media\/(live|vod)\/([A-Za-z0-9_-][A-Za-z0-9._-]{0,127})\/([^?#]*)(?:\?([^#]*))?/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const PATH = /^[A-Za-z0-9._/-]{0,256}$/;
// Compiled once: the origin runs these on every request.
const PARAMS = { dev: /(?:^|&)dev=([^&]*)/, sub: /(?:^|&)sub=([^&]*)/ };
const param = (query: string, name: keyof typeof PARAMS) => {
  const value = PARAMS[name].exec(query)?.[1] ?? '';
  return ID.test(value) ? value : '';
};

export interface TEdgeLogParsed {
  /** delivery_events_v2 lines of the lines that passed, ready for the spool. */
  lines: string;
  report: TEdgeLogReport;
  /** Every refused line, as `lines.<n>.<field>` issues (n counts from 1, as editors do). */
  issues: { field: string; message: string }[];
}

/**
 * An edge's NDJSON log → delivery records of `edgeName`. Each line stands alone: a line that is not JSON, fails
 * the contract or lies outside the time window is refused with its line number, field and reason; the others are
 * stored. Blank lines are skipped.
 */
export function parseEdgeLog(text: string, edgeName: string, now = Date.now()): TEdgeLogParsed {
  let lines = '';
  let accepted = 0;
  const issues: { line: number; field: string; message: string }[] = [];
  const rows = text.split('\n');
  for (let index = 0; index < rows.length; index++) {
    const raw = (rows[index] as string).trim();
    if (raw === '') continue;
    const lineNo = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      issues.push({ line: lineNo, field: 'line', message: 'is not JSON' });
      continue;
    }
    const parsed = ZEdgeLogLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : 'line';
      issues.push({ line: lineNo, field, message: issue?.message ?? 'is invalid' });
      continue;
    }
    const record = recordOf(parsed.data, edgeName);
    // The same line of the same edge, sent again, has the same id: stored once (0014's ReplacingMergeTree key).
    record.lineId = createHash('sha256').update(`${edgeName}\n${raw}`).digest('base64url').slice(0, 22);
    if (record.time < now - BEACON_TIME_WINDOW.pastMs || record.time > now + BEACON_TIME_WINDOW.futureMs) {
      issues.push({
        line: lineNo,
        field: 'time',
        message: 'must lie within 7 days before to 10 minutes after the origin’s clock',
      });
      continue;
    }
    lines += encodeDeliveryLine(record, now);
    accepted++;
  }
  return {
    lines,
    report: {
      accepted,
      refused: issues.length,
      problems: issues.slice(0, EDGE_LOG_MAX_REPORTED),
    },
    issues: issues
      .slice(0, EDGE_LOG_MAX_REPORTED)
      .map(({ line, field, message }) => ({ field: `lines.${line}.${field}`, message })),
  };
}

function recordOf(line: TEdgeLogLine, edgeName: string): TDeliveryRecord {
  // The contract's regex guarantees the match.
  const [, kind = '', name = '', rawRest = '', query = ''] = MEDIA_URL.exec(line.url) ?? [];
  const rest = PATH.test(rawRest) ? rawRest : '';
  const slash = rest.lastIndexOf('/');
  const file = rest.slice(slash + 1);
  const cmcd = readCmcd(query, line.cmcd ? { 'cmcd-session': line.cmcd } : {});
  return {
    time: typeof line.time === 'number' ? line.time : Date.parse(line.time),
    source: 'edge',
    edgeId: edgeName,
    cacheStatus: line.cacheStatus,
    deviceId: param(query, 'dev'),
    subscriberId: param(query, 'sub'),
    sessionId: cmcd.sessionId,
    channelId: name,
    contentId: cmcd.contentId,
    kind,
    object: file.endsWith('.m3u8') ? (slash < 0 ? 'master' : 'playlist') : file ? 'segment' : 'other',
    rendition: slash < 0 ? '' : rest.slice(0, slash).slice(0, 64),
    path: rest,
    status: line.status,
    errorCode: '',
    bytes: line.bytes,
    ttfbMs: line.ttfbMs,
    durationMs: line.durationMs ?? line.ttfbMs,
    clientIp: line.clientIp,
    bitrateKbps: cmcd.bitrateKbps,
  };
}
