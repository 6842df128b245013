-- Two runners racing may record a version twice; the first record is the one that landed.
SELECT
    version,
    argMin(name, applied_at) AS name,
    argMin(checksum, applied_at) AS checksum
FROM schema_migrations
GROUP BY version
ORDER BY version
