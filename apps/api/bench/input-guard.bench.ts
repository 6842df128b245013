/**
 * Cost of the input guard (lib/input-guard.ts) that every /v1 request body and every tRPC input passes: clean
 * beacon batches of 50 and 500 events, against JSON.parse of the same body (the work every request already
 * pays). Prints, asserts nothing. Run: pnpm --filter @keten/api exec tsx bench/input-guard.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { findUnstorableString } from '../src/lib/input-guard';

const ROUNDS = 3_000;
const event = () => ({
  sessionId: randomUUID(),
  seq: 1,
  time: Date.now(),
  channelId: 'npo-1',
  appVersion: '1.2.3',
  cdnEdge: 'ams-1',
  isp: 'KPN',
  bitrateKbps: 4_000,
  beforeFirstFrame: false,
  type: 'attempt',
});

function microsPerCall(work: () => unknown): number {
  for (let i = 0; i < ROUNDS / 10; i++) work();
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) work();
  return ((performance.now() - started) / ROUNDS) * 1_000;
}

for (const size of [50, 500]) {
  const body = { events: Array.from({ length: size }, event) };
  const text = JSON.stringify(body);
  const guard = microsPerCall(() => findUnstorableString(body));
  const parse = microsPerCall(() => JSON.parse(text));
  console.log(
    `${size} events: guard ${guard.toFixed(1)} µs/batch (${((guard / size) * 1_000).toFixed(0)} ns/event), ` +
      `JSON.parse ${parse.toFixed(1)} µs/batch; guard/parse ratio ${(guard / parse).toFixed(2)}`,
  );
}
