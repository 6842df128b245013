export { createClickHouse, type TClickHouseOptions, type TKetenClickHouse } from './client';
export {
  DELIVERY_EVENTS_TABLE,
  encodeDeliveryLine,
  insertDeliveryLines,
  type TDeliveryRecord,
} from './delivery/delivery-line';
export {
  DELIVERY_GROUP_COLUMNS,
  readDeliveryByEdge,
  readSessionDeliveries,
  type TDeliveryGroup,
  type TDeliveryQuery,
  type TDeliveryRow,
  type TSessionDelivery,
} from './delivery/delivery-read';
export {
  readSharingAlertFacts,
  readSharingFacts,
  type TSharingAlertFacts,
  type TSharingAlertThresholds,
  type TSharingFacts,
} from './delivery/sharing-read';
export { ClickHouseStoreError, type TClickHouseStoreErrorCode } from './errors';
export {
  channelIngestCounts,
  channelIngestTimeline,
  channelsIngestTimeline,
} from './ingest/channel-ingest-timeline';
export { readIngestAlertFigures, type TIngestAlertFigures } from './ingest/ingest-alert-figures';
export {
  INGEST_TIMELINE_MAX_LIMIT,
  type TChannelIngestTimelineInput,
  type TIngestTimelineEvent,
} from './ingest/ingest-event-row.schema';
export { INGEST_EVENTS_TABLE, insertIngestEvents } from './ingest/insert-ingest-events';
export { asClickHouseException, isRowRefusal, type TClickHouseException } from './insert-refusal';
export {
  appliedClickHouseMigrations,
  migrateClickHouse,
  type TAppliedMigration,
  type TMigrateOptions,
} from './migrate/migrate';
export { insertQoeEvents } from './qoe/insert-qoe-events';
export {
  insertQoeEventLines,
  QOE_EVENTS_TABLE,
  QOE_PARTITIONS_PER_INSERT,
  type TQoeLinesOutcome,
  type TQoeRefusal,
} from './qoe/insert-qoe-lines';
export {
  exitBeforeVideoStartRate,
  playbackFailureRate,
  rebufferingRatio,
  videoStartFailureRate,
} from './qoe/qoe-definitions';
export {
  QOE_EVENT_TYPES,
  type TQoeEvent,
  type TQoeEventInput,
  ZQoeEventSchema,
} from './qoe/qoe-event.schema';
export { beaconLineEncoder, encodeQoeEventLine, qoeEventFromBeacon } from './qoe/qoe-event-line';
export { qoeMinuteSummary } from './qoe/qoe-minute-summary';
export {
  QOE_GROUP_BY,
  type TQoeMinute,
  type TQoeMinuteRow,
  type TQoeMinuteSummaryInput,
  ZQoeMinuteRowSchema,
  ZQoeMinuteSummaryInputSchema,
} from './qoe/qoe-minute-summary.schema';
export {
  qoeConcurrencyCounts,
  readQoeConcurrency,
  type TQoeConcurrencyPoint,
  type TQoeConcurrencyQuery,
} from './qoe-read/qoe-concurrency';
export {
  countQoeConcurrency,
  pendingQoeConcurrencyMinutes,
  QOE_COUNT_MARGIN_SECONDS,
} from './qoe-read/qoe-concurrency-count';
export { readQoeErrors, type TQoeErrorRow } from './qoe-read/qoe-errors';
export { qoeValues, quantileAt, type TQoeValues } from './qoe-read/qoe-metrics';
export {
  isoOfSeconds,
  planQoeRange,
  previousQoePlan,
  QOE_MINUTE_RANGE_MAX_SECONDS,
  QOE_ROLLUPS,
  type TQoePlan,
  type TQoeResolution,
} from './qoe-read/qoe-plan';
export {
  emptyQoeSums,
  QOE_KPI_LEVELS,
  QOE_LADDER_LEVELS,
  readQoeRollup,
  type TQoeRollupQuery,
  type TQoeRollupRow,
  type TQoeSums,
} from './qoe-read/qoe-rollup-read';
export {
  QOE_ROLLUP_FAMILIES,
  qoeNeededDimensions,
  qoeRollupFamily,
  type TQoeRollupFamily,
  wholeQoeDays,
} from './qoe-read/qoe-rollup-source';
export { readQoeSessions, type TQoeSession, type TQoeSessionError } from './qoe-read/qoe-sessions';
export { QOE_DIMENSION_COLUMNS } from './qoe-read/qoe-sql';
