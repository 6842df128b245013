-- qoe_minute_v1 is no longer fed: qoe_minute_v2 (0004) holds the same sums split by more dimensions, and its
-- readers moved there. Its view built t-digest states for every inserted block, the costliest part of an insert.
-- The table stays, read by nothing, until its TTL has emptied it; drop it in a later migration.
-- Frozen once landed: change it through a new file.
DROP VIEW IF EXISTS qoe_minute_mv_v1;
