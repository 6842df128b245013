-- Bookkeeping for migrateClickHouse; a replicated cluster uses the variant in ../README.md.
CREATE TABLE IF NOT EXISTS schema_migrations
(
    version    UInt32 COMMENT 'number from the file name, 0001_… = 1',
    name       String COMMENT 'file name without .sql',
    checksum   String COMMENT 'sha256 of the file text (LF line endings) when it was applied',
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY version
