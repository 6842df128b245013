import type { TBeaconEvent } from '@keten/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BeaconSender, parseRetryAfter } from './sender';

const T0 = Date.parse('2026-11-25T20:00:00Z');
const SESSION = '0b0e7a8e-5d43-4c7e-9d7b-8a3a5e0b7c11';

function ev(seq: number, type: 'heartbeat' | 'first_frame' | 'attempt' = 'heartbeat'): TBeaconEvent {
  const base = { sessionId: SESSION, seq, time: T0 + seq, channelId: 'npo1' };
  if (type === 'first_frame') return { ...base, type, startMs: 500 };
  if (type === 'attempt') return { ...base, type };
  return { ...base, type, playingMs: 1_000 };
}

interface TCall {
  seqs: number[];
  auth: string | null;
  at: number;
}

/** A fake /v1/beacons: answers from a script (status or a thrown network error), records each request. */
function fakeServer(script: Array<number | 'network' | { status: number; retryAfter: string }> = []) {
  const calls: TCall[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { events: TBeaconEvent[] };
    const headers = new Headers(init?.headers);
    calls.push({
      seqs: body.events.map((e) => e.seq),
      auth: headers.get('authorization'),
      at: Date.now() - T0,
    });
    const next = script.shift() ?? 202;
    if (next === 'network') throw new TypeError('fetch failed');
    if (typeof next === 'number') return new Response('{}', { status: next });
    return new Response('{}', { status: next.status, headers: { 'retry-after': next.retryAfter } });
  });
  return { calls, fetch };
}

function sender(
  fetch: typeof globalThis.fetch,
  overrides: Partial<ConstructorParameters<typeof BeaconSender>[0]> = {},
) {
  return new BeaconSender({
    endpoint: 'http://api.test/v1/beacons',
    getAccessToken: async () => 'tok-1',
    fetch,
    now: () => Date.now(),
    batchSize: 3,
    flushIntervalMs: 5_000,
    maxQueue: 100,
    retryBaseMs: 1_000,
    retryMaxMs: 60_000,
    random: () => 1,
    ...overrides,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BeaconSender', () => {
  it('sends full batches at once and the rest after the flush interval, in order, with the bearer token', async () => {
    const server = fakeServer();
    const s = sender(server.fetch);
    for (let i = 0; i < 7; i += 1) s.enqueue(ev(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls.map((c) => c.seqs)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(server.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls.map((c) => c.seqs)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(server.calls.every((c) => c.auth === 'Bearer tok-1')).toBe(true);
  });

  it('retries the same batch with exponential backoff on 503 and network errors, keeping order', async () => {
    const server = fakeServer([503, 'network', 503]);
    const s = sender(server.fetch);
    for (let i = 0; i < 3; i += 1) s.enqueue(ev(i));
    await vi.advanceTimersByTimeAsync(0);
    s.enqueue(ev(3)); // arrives while the first batch is failing: it must go after it
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.calls.map((c) => [c.at, c.seqs])).toEqual([
      [0, [0, 1, 2]],
      [1_000, [0, 1, 2]],
      [3_000, [0, 1, 2]],
      [7_000, [0, 1, 2]],
      [12_000, [3]],
    ]);
    expect(s.pending).toBe(0);
  });

  it('waits as long as Retry-After says on 429', async () => {
    const server = fakeServer([{ status: 429, retryAfter: '7' }]);
    const s = sender(server.fetch);
    for (let i = 0; i < 3; i += 1) s.enqueue(ev(i));
    await vi.advanceTimersByTimeAsync(6_999);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls.map((c) => c.seqs)).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });

  it('drops a batch the server refuses with 400 instead of blocking every later event', async () => {
    const server = fakeServer([400]);
    const s = sender(server.fetch);
    for (let i = 0; i < 6; i += 1) s.enqueue(ev(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls.map((c) => c.seqs)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('when full drops the oldest heartbeats first and never a first frame or an attempt', async () => {
    const server = fakeServer(['network']);
    const s = sender(server.fetch, { maxQueue: 4, batchSize: 2, retryBaseMs: 10_000 });
    s.enqueue(ev(0, 'attempt'));
    s.enqueue(ev(1, 'first_frame'));
    await vi.advanceTimersByTimeAsync(0); // batch [0,1] failed and is back at the head of the queue
    for (let i = 2; i < 8; i += 1) s.enqueue(ev(i));
    s.enqueue(ev(8, 'first_frame'));
    expect(s.dropped).toBe(5);
    await s.flush();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.calls.flatMap((c) => c.seqs).slice(2)).toEqual([0, 1, 7, 8]);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', T0)).toBe(3_000);
    expect(parseRetryAfter(new Date(T0 + 5_000).toUTCString(), T0)).toBe(5_000);
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
  });
});
