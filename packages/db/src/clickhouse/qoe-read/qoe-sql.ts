import type { ClickHouseClient } from '@clickhouse/client';
import { QOE_DIMENSIONS, type TQoeDimension, type TQoeFilters } from '@keten/contracts';
import type { z } from 'zod';
import { ClickHouseStoreError } from '../errors';
import { readSqlFile } from '../sql-file';

/** The rollups' column for each dimension of the page. */
export const QOE_DIMENSION_COLUMNS = {
  boxModel: 'box_model',
  firmware: 'firmware',
  appVersion: 'app_version',
  channelId: 'channel_id',
  region: 'region',
  cdnEdge: 'cdn_edge',
} as const satisfies Record<TQoeDimension, string>;

const filtersSql = readSqlFile('qoe-filters.sql', import.meta.url)
  .split('\n')
  .filter((line) => !line.trim().startsWith('--'))
  .join('\n');

/** A read's SQL file with the shared fragments in place ({{filters}}; extra ones by name). */
export function qoeSql(fileName: string, fragments: Record<string, string> = {}): string {
  return Object.entries({ filters: filtersSql, ...fragments }).reduce(
    (sql, [name, text]) => sql.replaceAll(`{{${name}}}`, text),
    readSqlFile(fileName, import.meta.url),
  );
}

/** query_params of the filters fragment: one array per dimension, empty when not filtered. */
export function filterParams(filters: TQoeFilters): Record<string, string[]> {
  return Object.fromEntries(
    QOE_DIMENSIONS.map((dimension) => [`f_${QOE_DIMENSION_COLUMNS[dimension]}`, filters[dimension] ?? []]),
  );
}

/** Runs a read and parses each row with `schema`; a row of another shape is QOE_ROW_UNEXPECTED, naming the field. */
export async function queryQoeRows<T extends z.ZodType>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
  schema: T,
): Promise<z.output<T>[]> {
  const result = await client.query({ query, format: 'JSONEachRow', query_params: params });
  const rows = await result.json();
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const field = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
    throw new ClickHouseStoreError('QOE_ROW_UNEXPECTED', `a QoE read returned an unexpected ${field}`, field);
  });
}
