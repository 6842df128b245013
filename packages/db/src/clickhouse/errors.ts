export type TClickHouseStoreErrorCode =
  | 'CLICKHOUSE_CONFIG_INVALID'
  | 'CLICKHOUSE_DATA_DIR_IN_USE'
  | 'CLICKHOUSE_MIGRATION_FILE_INVALID'
  | 'CLICKHOUSE_MIGRATION_CHANGED'
  | 'CLICKHOUSE_MIGRATION_UNKNOWN'
  | 'INGEST_EVENT_INVALID'
  | 'INGEST_QUERY_INVALID'
  | 'INGEST_ROW_UNEXPECTED'
  | 'QOE_EVENT_INVALID'
  | 'QOE_EVENT_REFUSED'
  | 'QOE_QUERY_INVALID'
  | 'QOE_ROW_UNEXPECTED';

/** An error as a value: a stable code, a human message and, where one caused it, the field. */
export class ClickHouseStoreError extends Error {
  constructor(
    readonly code: TClickHouseStoreErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ClickHouseStoreError';
  }
}
