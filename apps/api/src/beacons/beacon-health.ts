/** The figures of ingest.stats() that say whether the spool drains. */
export interface TIngestFigures {
  spoolFiles: number;
  spoolEvents: number;
  spoolBytes: number;
  oldestUnstoredMs: number;
  clickhouseDown: boolean;
  lastStoreError: string | null;
  rejectedRows: number;
}

export interface TIngestHealth {
  status: 'ok' | 'degraded';
  /** Why it is degraded, in an operator's words; empty when ok. */
  reasons: string[];
  figures: TIngestFigures;
}

/**
 * Degraded when beacons stop reaching ClickHouse: inserts failing now, the oldest unstored beacon older than
 * `stallAfterMs`, or the spool at its cap (new beacons get 429). Rejected rows are counted, not a degradation:
 * the spool keeps draining around them.
 */
export function ingestHealth(
  stats: TIngestFigures,
  limits: { stallAfterMs: number; maxSpoolBytes: number },
): TIngestHealth {
  const reasons: string[] = [];
  if (stats.clickhouseDown)
    reasons.push(`ClickHouse inserts failing: ${stats.lastStoreError ?? 'unknown error'}`);
  if (stats.oldestUnstoredMs > limits.stallAfterMs) {
    reasons.push(
      `oldest unstored beacon waited ${Math.round(stats.oldestUnstoredMs / 1000)} s (limit ${Math.round(limits.stallAfterMs / 1000)} s)`,
    );
  }
  if (stats.spoolBytes >= limits.maxSpoolBytes) reasons.push('spool full: new beacons get 429');
  const {
    spoolFiles,
    spoolEvents,
    spoolBytes,
    oldestUnstoredMs,
    clickhouseDown,
    lastStoreError,
    rejectedRows,
  } = stats;
  return {
    status: reasons.length > 0 ? 'degraded' : 'ok',
    reasons,
    figures: {
      spoolFiles,
      spoolEvents,
      spoolBytes,
      oldestUnstoredMs,
      clickhouseDown,
      lastStoreError,
      rejectedRows,
    },
  };
}
