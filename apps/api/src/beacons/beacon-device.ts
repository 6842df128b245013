import type { TBeaconDevice, TBeaconEvent } from '@keten/contracts';
import { beaconLineEncoder } from '@keten/db/clickhouse';

/** Who sent a beacon batch (@keten/contracts): `authenticateDevice`'s identity plugs in as it is. */
export type { TBeaconDevice };

/**
 * A request's events as qoe_events_v1 rows, one JSONEachRow line each: encoded once here, fsync'd to the spool
 * and later sent from there as the insert body. `receivedAt` is fixed here so a replayed copy equals the first.
 */
export function encodeBeaconLines(
  device: TBeaconDevice,
  events: readonly TBeaconEvent[],
  receivedAt: number,
) {
  return `${events.map(beaconLineEncoder(device, receivedAt)).join('\n')}\n`;
}
