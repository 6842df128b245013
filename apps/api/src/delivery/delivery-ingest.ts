import { insertDeliveryLines, type TKetenClickHouse } from '@keten/db/clickhouse';
import { createBeaconIngest } from '../beacons/beacon-ingest';
import { createDeliveryRecorder } from './delivery-recorder';

/**
 * The delivery spool: the beacons' crash-safe spool and WAL (apps/api/src/beacons/README.md) over its own folder,
 * inserting into delivery_events_v2. The origin's recorder writes to it without waiting; the edge-log route waits
 * for the fsync before it answers 202, as the beacon route does.
 */
export async function createDeliveryIngest(
  clickhouse: TKetenClickHouse,
  spoolDir: string,
  onError?: (message: string, error: unknown) => void,
) {
  const ingest = await createBeaconIngest({
    clickhouse,
    spoolDir,
    maxQueuedEvents: 200_000,
    batchSize: 5000,
    // Bigger inserts than the beacons' 1 s: fewer parts for ClickHouse to merge (CPU the origin shares), and the
    // delivery view is not a second-by-second page.
    flushIntervalMs: 5000,
    insertLines: insertDeliveryLines,
    onError,
  });
  const recorder = createDeliveryRecorder({ ingest, onError, flushIntervalMs: 500 });
  return {
    ingest,
    recorder,
    /** Recorder first (its buffer into the spool), then the spool's last insert. */
    async close() {
      await recorder.close();
      await ingest.close();
    },
    /** Everything buffered and spooled into ClickHouse now (tests). */
    async flush() {
      await recorder.flush();
      await ingest.flush();
    },
  };
}

export type TDeliveryIngest = Awaited<ReturnType<typeof createDeliveryIngest>>;
