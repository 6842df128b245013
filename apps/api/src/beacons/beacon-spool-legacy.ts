import { encodeQoeEventLine, type TQoeRefusal, ZQoeEventSchema } from '@keten/db/clickhouse';

/**
 * Spool files written before the spool held JSONEachRow rows: one JSON array of camelCase rows per request line.
 * Re-encoded once when a newer process opens the spool, so an upgrade replays what the old one acknowledged;
 * a row the store's schema refuses is set aside like any refused row, a torn last line was never acknowledged.
 */
export function convertLegacySegment(text: string): { lines: string; refused: TQoeRefusal[] } {
  let lines = '';
  const refused: TQoeRefusal[] = [];
  const requests = text.split('\n').filter((line) => line !== '');
  for (const [index, request] of requests.entries()) {
    let rows: unknown;
    try {
      rows = JSON.parse(request);
    } catch {
      if (index < requests.length - 1) refused.push({ line: request, error: legacyError('not JSON') });
      continue;
    }
    for (const row of Array.isArray(rows) ? rows : [rows]) {
      const parsed = ZQoeEventSchema.safeParse(row);
      if (parsed.success) lines += `${encodeQoeEventLine(parsed.data)}\n`;
      else {
        const issue = parsed.error.issues[0];
        const message = `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
        refused.push({ line: JSON.stringify(row), error: legacyError(message) });
      }
    }
  }
  return { lines, refused };
}

function legacyError(message: string): TQoeRefusal['error'] {
  return { code: 'QOE_EVENT_INVALID', message: `legacy spool row: ${message}` };
}
