import { BEACON_EVENT_TYPES, type TBeaconEvent, type TBeaconEventType } from '@keten/contracts';

/** Counters of one run; `ackedByType` counts only events the API answered 202 for. */
export function createFleetStats() {
  const ackedByType = Object.fromEntries(BEACON_EVENT_TYPES.map((type) => [type, 0])) as Record<
    TBeaconEventType,
    number
  >;
  return {
    boxesActive: 0,
    activationFailures: 0,
    /** Distinct events handed to POST /v1/beacons (a retried batch counts once). */
    sent: 0,
    acked: 0,
    /** Events of batches the API refused with a 4xx (never stored). */
    rejected: 0,
    batches: 0,
    rateLimited: 0,
    retries: 0,
    refreshes: 0,
    lastError: null as string | null,
    ackedByType,
  };
}
export type TFleetStats = ReturnType<typeof createFleetStats>;

export function countAcked(stats: TFleetStats, events: readonly TBeaconEvent[]) {
  stats.acked += events.length;
  for (const event of events) stats.ackedByType[event.type] += 1;
}

/** One progress line; `previous` is the acked count at the last line, for events/s. */
export function progressLine(stats: TFleetStats, elapsedMs: number, previous: { acked: number; at: number }) {
  const seconds = Math.max(0.001, (elapsedMs - previous.at) / 1000);
  const rate = Math.round((stats.acked - previous.acked) / seconds);
  return [
    `[${(elapsedMs / 1000).toFixed(1).padStart(6)}s] boxes ${stats.boxesActive}`,
    `sent ${stats.sent}`,
    `acked ${stats.acked}`,
    `429s ${stats.rateLimited}`,
    `retries ${stats.retries}`,
    `rejected ${stats.rejected}`,
    `${rate} ev/s`,
  ].join(' · ');
}

export function summaryLines(stats: TFleetStats, elapsedMs: number): string[] {
  const byType = Object.entries(stats.ackedByType)
    .map(([type, count]) => `${type}=${count}`)
    .join(' ');
  return [
    `done in ${(elapsedMs / 1000).toFixed(1)}s: ${stats.boxesActive} boxes, ${stats.batches} batches`,
    `events sent ${stats.sent}, acknowledged ${stats.acked}, rejected ${stats.rejected}${stats.sent === stats.acked ? ' (all acknowledged)' : ' (MISMATCH)'}`,
    `acknowledged by type: ${byType}`,
    `429s ${stats.rateLimited}, retries ${stats.retries}, token refreshes ${stats.refreshes}, activation failures ${stats.activationFailures}`,
    ...(stats.lastError ? [`last error: ${stats.lastError}`] : []),
  ];
}
