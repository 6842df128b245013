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

/**
 * The stacked filters every QoE read takes, expanded at {{filters}}: within a dimension any listed value, across
 * dimensions all of them; an empty list is no filter. `dimensions`: those the read's table holds (a narrower rollup
 * is only read when every filtered dimension is among them, qoe-rollup-source.ts).
 */
export function qoeFiltersSql(dimensions: readonly TQoeDimension[] = QOE_DIMENSIONS): string {
  return dimensions
    .map((dimension) => {
      const column = QOE_DIMENSION_COLUMNS[dimension];
      return `(empty({f_${column}:Array(String)}) OR has({f_${column}:Array(String)}, ${column}))`;
    })
    .join('\n    AND ');
}

/** A read's SQL file with the shared fragments in place ({{filters}}; extra ones by name). */
export function qoeSql(fileName: string, fragments: Record<string, string> = {}): string {
  return Object.entries({ filters: qoeFiltersSql(), ...fragments }).reduce(
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
