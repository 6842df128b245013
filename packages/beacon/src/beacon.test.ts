import type { TBeaconEvent } from '@keten/contracts';
import { ZBeaconBatchSchema } from '@keten/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeHls, FakeVideo, MemoryStorage } from '../test/fakes';
import { createBeacon } from './beacon';

const T0 = Date.parse('2026-11-25T20:00:00Z');

function recordingFetch() {
  const batches: Array<{ events: TBeaconEvent[]; keepalive: boolean; authorization: string | null }> = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    // Every body the library sends must pass the API's own schema.
    const body = ZBeaconBatchSchema.parse(JSON.parse(String(init?.body)));
    const authorization = new Headers(init?.headers).get('authorization');
    batches.push({ events: body.events, keepalive: init?.keepalive === true, authorization });
    return new Response('{"accepted":0}', { status: 202 });
  });
  return { batches, fetch };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createBeacon', () => {
  it('reports a fatal hls.js error with its code and sends schema-valid batches', async () => {
    const server = recordingFetch();
    const page = new EventTarget();
    const beacon = createBeacon({
      endpoint: 'http://api.test/v1/beacons',
      getAccessToken: () => 'tok',
      fetch: server.fetch,
      storage: new MemoryStorage(),
      page,
      appVersion: '2.4.0',
    });
    const hls = new FakeHls();
    const video = new FakeVideo();
    beacon.attachHls(hls, video, { channelId: 'npo1' });
    hls.trigger('hlsManifestLoading', {});
    hls.trigger('hlsError', { type: 'networkError', details: 'fragLoadError', fatal: false });
    hls.trigger('hlsError', {
      type: 'networkError',
      details: 'manifestLoadError',
      fatal: true,
      response: { code: 403 },
      networkDetails: { responseText: '{"type":"about:blank","code":"CONCURRENCY_LIMIT"}' },
    });
    await beacon.flush();
    expect(server.batches.flatMap((b) => b.events)).toMatchObject([
      { type: 'attempt', seq: 0, appVersion: '2.4.0' },
      {
        type: 'error',
        seq: 1,
        errorCode: 'CONCURRENCY_LIMIT',
        errorLayer: 'concurrency',
        beforeFirstFrame: true,
      },
    ]);

    page.dispatchEvent(new Event('pagehide'));
    expect(server.batches.at(-1)).toMatchObject({
      keepalive: true,
      events: [{ type: 'end', seq: 2, fatal: true }],
    });
    beacon.destroy();
  });

  it('on pagehide before any send ends the session and sends it with keepalive and the token', async () => {
    const server = recordingFetch();
    const page = new EventTarget();
    const beacon = createBeacon({
      endpoint: 'http://api.test/v1/beacons',
      getAccessToken: async () => 'tok-2',
      fetch: server.fetch,
      storage: new MemoryStorage(),
      page,
    });
    beacon.attachVideo(new FakeVideo(), { channelId: 'npo1' });
    await vi.advanceTimersByTimeAsync(100);
    page.dispatchEvent(new Event('pagehide'));
    expect(server.batches).toMatchObject([
      {
        keepalive: true,
        authorization: 'Bearer tok-2',
        events: [{ type: 'attempt' }, { type: 'end', beforeFirstFrame: true, fatal: false }],
      },
    ]);
    beacon.destroy();
  });

  it('names its session and channel in the CMCD hls.js sends (sid, cid), tune after tune', async () => {
    const server = recordingFetch();
    const beacon = createBeacon({
      endpoint: 'http://api.test/v1/beacons',
      getAccessToken: () => 'tok',
      fetch: server.fetch,
      storage: new MemoryStorage(),
      page: new EventTarget(),
    });
    // What `new Hls({ cmcd: {} })` holds: hls.js reads it at each manifest load.
    const hls = Object.assign(new FakeHls(), {
      config: { cmcd: {} as { sessionId?: string; contentId?: string } },
    });
    beacon.attachHls(hls, new FakeVideo(), { channelId: 'npo1' });
    const first = { ...hls.config.cmcd };
    beacon.channelChange('rtl4');
    const second = { ...hls.config.cmcd };
    await beacon.flush();
    const attempts = server.batches.flatMap((b) => b.events).filter((e) => e.type === 'attempt');
    expect(attempts.map((e) => [e.sessionId, e.channelId])).toEqual([
      [first.sessionId, 'npo1'],
      [second.sessionId, 'rtl4'],
    ]);
    expect(first.contentId).toBe('npo1');
    expect(second.contentId).toBe('rtl4');
    expect(first.sessionId).not.toBe(second.sessionId);
    // Without config.cmcd (an app that did not ask for CMCD) nothing is set and nothing breaks.
    const plain = new FakeHls();
    beacon.attachHls(plain, new FakeVideo(), { channelId: 'npo1' });
    expect(plain).not.toHaveProperty('config');
    beacon.destroy();
  });
});
