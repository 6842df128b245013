import { encodeDeliveryLine, type TDeliveryRecord } from '@keten/db/clickhouse';
import type { TBeaconIngest } from '../beacons/beacon-ingest';

export interface TDeliveryRecorderOptions {
  /** The delivery spool (a beacon ingest over its own folder, inserting into delivery_events_v2). */
  ingest: Pick<TBeaconIngest, 'acceptLines'>;
  /** How long records gather in memory before they go to the spool as one write; default 200 ms (the API: 500). */
  flushIntervalMs?: number;
  /** Records gathered beyond which they go at once; default 2000. */
  maxBuffered?: number;
  onError?: (message: string, error: unknown) => void;
}

/**
 * The origin's side of the delivery records: a request never waits for them. record() encodes the line and
 * appends it to a buffer; every flushIntervalMs (or at maxBuffered) the buffer goes to the spool in one
 * fsync'd write, and from there into ClickHouse as beacons do. A crash loses at most the buffer (one interval of
 * records, never a box's acknowledged beacons); a spool that is full (ClickHouse down for long) drops records
 * and counts them rather than slowing playback.
 */
export function createDeliveryRecorder(options: TDeliveryRecorderOptions) {
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  const maxBuffered = options.maxBuffered ?? 2000;
  const onError = options.onError ?? (() => undefined);
  let buffer = '';
  let count = 0;
  const counts = { recorded: 0, spooled: 0, dropped: 0 };
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (count === 0) return writing;
    const lines = buffer;
    const n = count;
    buffer = '';
    count = 0;
    writing = writing.then(async () => {
      try {
        const outcome = await options.ingest.acceptLines(lines, n);
        if (outcome === 'accepted') counts.spooled += n;
        else counts.dropped += n;
      } catch (error) {
        counts.dropped += n;
        onError('delivery records could not be spooled; dropped', error);
      }
    });
    return writing;
  };

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    record(record: TDeliveryRecord): void {
      buffer += encodeDeliveryLine(record, Date.now());
      count++;
      counts.recorded++;
      if (count >= maxBuffered) void flush();
    },
    /** Hands what is buffered to the spool and waits until it is fsync'd (tests, shutdown). */
    flush,
    stats: () => ({ ...counts, buffered: count }),
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type TDeliveryRecorder = ReturnType<typeof createDeliveryRecorder>;
