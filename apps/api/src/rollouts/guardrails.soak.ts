// Test and benchmark support: a model's beacons over a multi-day soak, deterministic per seed, with sessions that
// cross hour boundaries, start before a window and end after it, fail to start, fail while playing and stall.
import type { TQoeEventInput } from '@keten/db/clickhouse';

export interface TSoakOptions {
  seed: number;
  boxModel: string;
  /** Firmware per box: box i runs firmwares[i % firmwares.length]. */
  firmwares: string[];
  boxes: number;
  /** First session start (ms). */
  from: number;
  hours: number;
  /** Sessions each box starts per hour, on average. */
  sessionsPerBoxHour: number;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type TBody = Omit<TQoeEventInput, 'deviceId' | 'boxModel' | 'firmware' | 'sessionId' | 'seq' | 'eventTime'>;

/** One session's events as [ms after its start, event]: heartbeats every 30 s, stalls, errors, an end. */
function sessionBodies(next: () => number): [number, TBody][] {
  const events: [number, TBody][] = [[0, { eventType: 'attempt' }]];
  if (next() < 0.03) {
    events.push([
      2_500,
      { eventType: 'error', errorCode: 'MANIFEST_TIMEOUT', fatal: true, beforeFirstFrame: true },
    ]);
    events.push([2_500, { eventType: 'end', fatal: true, beforeFirstFrame: true }]);
    return events;
  }
  if (next() < 0.02) {
    events.push([1_500, { eventType: 'end', beforeFirstFrame: true }]);
    return events;
  }
  const startMs = 400 + Math.floor(next() * 2_000);
  events.push([startMs, { eventType: 'first_frame', startMs }]);
  const beats = 1 + Math.floor(next() * 80);
  let t = startMs;
  for (let beat = 0; beat < beats; beat++) {
    let stalled = 0;
    if (next() < 0.05) {
      stalled = 200 + Math.floor(next() * 4_000);
      events.push([t + 5_000, { eventType: 'stall_start' }]);
      events.push([t + 5_000 + stalled, { eventType: 'stall_end', stallMs: stalled }]);
    }
    if (next() < 0.01) events.push([t + 10_000, { eventType: 'error', errorCode: 'SEGMENT_404' }]);
    t += 30_000;
    events.push([t, { eventType: 'heartbeat', playingMs: 30_000 - stalled }]);
  }
  if (next() < 0.02) {
    events.push([t + 4_000, { eventType: 'error', errorCode: 'DECODER_ERROR', fatal: true }]);
    events.push([t + 4_000, { eventType: 'end', playingMs: 4_000, fatal: true }]);
  } else events.push([t + 7_000, { eventType: 'end', playingMs: 7_000 }]);
  return events;
}

/** Every event of the soak, in session order (insert in chunks). */
export function* soakEvents(options: TSoakOptions): Generator<TQoeEventInput> {
  const next = random(options.seed);
  const span = options.hours * 3_600_000;
  const perBox = Math.round(options.hours * options.sessionsPerBoxHour);
  for (let box = 0; box < options.boxes; box++) {
    const deviceId = `soak-${options.seed}-${box}`;
    const firmware = options.firmwares[box % options.firmwares.length] ?? '';
    for (let index = 0; index < perBox; index++) {
      const start = options.from + Math.floor(next() * span);
      const sessionId = `${deviceId}-${index}`;
      let seq = 0;
      for (const [after, body] of sessionBodies(next)) {
        yield {
          boxModel: options.boxModel,
          subscriberId: `sub-${deviceId}`,
          channelId: 'npo1',
          deviceId,
          firmware,
          ...body,
          sessionId,
          seq: seq++,
          eventTime: new Date(start + after),
        };
      }
    }
  }
}
