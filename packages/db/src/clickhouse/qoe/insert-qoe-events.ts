import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseStoreError } from '../errors';
import { insertQoeEventLines } from './insert-qoe-lines';
import { type TQoeEvent, type TQoeEventInput, ZQoeEventSchema } from './qoe-event.schema';
import { encodeQoeEventLine } from './qoe-event-line';

/**
 * Validate every row, then insert them (JSONEachRow, encodeQoeEventLine's encoding). One invalid row rejects the
 * call before anything is written, with QOE_EVENT_INVALID naming the row and field (`rows[3].seq`). A row the
 * store refuses anyway throws QOE_EVENT_REFUSED after the others are stored; a store error is thrown as it is.
 */
export async function insertQoeEvents(
  client: ClickHouseClient,
  rows: readonly TQoeEventInput[],
): Promise<{ inserted: number }> {
  const lines = rows.map((row, index) => encodeQoeEventLine(parseRow(row, index)));
  if (lines.length === 0) return { inserted: 0 };
  const outcome = await insertQoeEventLines(client, `${lines.join('\n')}\n`);
  if (outcome.storeError) throw outcome.storeError;
  const [refused] = outcome.refused;
  if (refused) {
    const row = lines.indexOf(refused.line);
    throw new ClickHouseStoreError(
      'QOE_EVENT_REFUSED',
      `rows[${row}]: ${refused.error.code}: ${refused.error.message}`,
      `rows[${row}]`,
    );
  }
  return { inserted: outcome.stored };
}

function parseRow(row: TQoeEventInput, index: number): TQoeEvent {
  const result = ZQoeEventSchema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = `rows[${index}]${issue?.path.map((key) => `.${String(key)}`).join('') ?? ''}`;
  throw new ClickHouseStoreError('QOE_EVENT_INVALID', `${field}: ${issue?.message ?? 'invalid'}`, field);
}
