import type { TBeaconEvent } from '@keten/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeVideo, MemoryStorage, shape } from '../test/fakes';
import { classifyHlsError } from './errors';
import { PlaybackMeter } from './meter';

const T0 = Date.parse('2026-11-25T20:00:00Z');

function setup(storage = new MemoryStorage()) {
  const events: TBeaconEvent[] = [];
  const meter = new PlaybackMeter({
    now: () => Date.now(),
    emit: (e) => events.push(e),
    storage,
    appVersion: '2.4.0',
    heartbeatIntervalMs: 10_000,
  });
  return { events, meter, storage };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PlaybackMeter', () => {
  it('attempt → first frame → stall → heartbeat → zap → decode error → end, with exact numbers', () => {
    const { events, meter } = setup();
    const video = new FakeVideo();
    meter.attach(video, 'npo1');
    vi.advanceTimersByTime(300);
    video.fire('playing');
    vi.advanceTimersByTime(50);
    video.presentFrame();
    vi.advanceTimersByTime(5_000);
    video.fire('waiting');
    vi.advanceTimersByTime(1_200);
    video.fire('playing');
    vi.advanceTimersByTime(10_000 - 6_550); // the first heartbeat, 10 s after attach
    vi.advanceTimersByTime(2_000);
    meter.channelChange('rtl4');
    video.fire('playing'); // the old stream still plays until the new source loads: not the new first frame
    video.presentFrame();
    video.error = { code: 1 };
    video.fire('error'); // the old source aborted by the zap: not a failure
    video.fire('emptied');
    vi.advanceTimersByTime(800);
    video.fire('playing');
    vi.advanceTimersByTime(40);
    video.presentFrame();
    vi.advanceTimersByTime(1_000);
    video.error = { code: 3 };
    video.fire('error');
    video.fire('error'); // one fatal error per session
    meter.detach();

    expect(events.map(shape)).toEqual([
      { type: 'attempt', seq: 0, channelId: 'npo1' },
      { type: 'first_frame', seq: 1, channelId: 'npo1', startMs: 350 },
      { type: 'stall_start', seq: 2, channelId: 'npo1' },
      { type: 'stall_end', seq: 3, channelId: 'npo1', stallMs: 1_200 },
      { type: 'heartbeat', seq: 4, channelId: 'npo1', playingMs: 10_000 - 350 - 1_200 },
      { type: 'end', seq: 5, channelId: 'npo1', playingMs: 2_000, fatal: false, beforeFirstFrame: false },
      { type: 'attempt', seq: 0, channelId: 'rtl4' },
      { type: 'first_frame', seq: 1, channelId: 'rtl4', startMs: 840 },
      { type: 'zap', seq: 2, channelId: 'rtl4', zapMs: 840 },
      {
        type: 'error',
        seq: 3,
        channelId: 'rtl4',
        errorCode: 'DECODE_MEDIA',
        errorLayer: 'decode',
        fatal: true,
        beforeFirstFrame: false,
      },
      { type: 'end', seq: 4, channelId: 'rtl4', playingMs: 1_000, fatal: true, beforeFirstFrame: false },
    ]);
    const [first, , , , , endOfFirst, second] = events;
    expect(endOfFirst?.sessionId).toBe(first?.sessionId);
    expect(second?.sessionId).not.toBe(first?.sessionId);
    expect(first?.appVersion).toBe('2.4.0');
    expect(events[1]?.time).toBe(T0 + 350);
  });

  it("stamps every event of a tune with its delivery edge, and a zap with the new channel's edge", () => {
    const { events, meter } = setup();
    const video = new FakeVideo();
    meter.attach(video, 'npo1', { cdnEdge: 'edge-ams-1' });
    video.fire('playing');
    video.presentFrame();
    meter.channelChange('rtl4', { cdnEdge: 'edge-rtm-2' });
    video.fire('emptied');
    video.fire('playing');
    video.presentFrame();
    meter.channelChange('sbs6');
    meter.detach();

    expect(events.map((e) => [e.channelId, e.type, e.cdnEdge, e.appVersion])).toEqual([
      ['npo1', 'attempt', 'edge-ams-1', '2.4.0'],
      ['npo1', 'first_frame', 'edge-ams-1', '2.4.0'],
      ['npo1', 'end', 'edge-ams-1', '2.4.0'],
      ['rtl4', 'attempt', 'edge-rtm-2', '2.4.0'],
      ['rtl4', 'first_frame', 'edge-rtm-2', '2.4.0'],
      ['rtl4', 'zap', 'edge-rtm-2', '2.4.0'],
      ['rtl4', 'end', 'edge-rtm-2', '2.4.0'],
      ['sbs6', 'attempt', undefined, '2.4.0'],
      ['sbs6', 'end', undefined, '2.4.0'],
    ]);
    expect(events.at(-1)).not.toHaveProperty('cdnEdge');
  });

  it('does not count waiting while seeking, nor while paused time as playing', () => {
    const { events, meter } = setup();
    const video = new FakeVideo();
    meter.attach(video, 'npo1');
    video.fire('playing');
    video.presentFrame();
    vi.advanceTimersByTime(1_000);
    video.fire('seeking');
    video.fire('waiting');
    vi.advanceTimersByTime(700);
    video.fire('seeked');
    video.fire('playing');
    vi.advanceTimersByTime(1_000);
    video.fire('pause');
    vi.advanceTimersByTime(5_000);
    meter.detach();
    expect(events.map((e) => e.type)).toEqual(['attempt', 'first_frame', 'end']);
    expect(events[2]).toMatchObject({ playingMs: 2_000 });
  });

  it('without requestVideoFrameCallback the first frame is the first timeupdate that advances currentTime', () => {
    const { events, meter } = setup();
    const video = new FakeVideo(false);
    meter.attach(video, 'npo1');
    vi.advanceTimersByTime(400);
    video.fire('playing');
    video.fire('timeupdate');
    vi.advanceTimersByTime(100);
    video.currentTime = 0.08;
    video.fire('timeupdate');
    expect(events.map(shape)[1]).toEqual({ type: 'first_frame', seq: 1, channelId: 'npo1', startMs: 500 });
  });

  it('a fatal manifest 403 before the first frame is a start failure; leaving early is an exit before start', () => {
    const { events, meter } = setup();
    meter.attach(new FakeVideo(), 'npo1');
    vi.advanceTimersByTime(200);
    meter.fatalError(
      classifyHlsError({
        type: 'networkError',
        details: 'manifestLoadError',
        fatal: true,
        response: { code: 403 },
      }),
    );
    meter.channelChange('rtl4');
    meter.detach();
    expect(events.map(shape)).toEqual([
      { type: 'attempt', seq: 0, channelId: 'npo1' },
      {
        type: 'error',
        seq: 1,
        channelId: 'npo1',
        errorCode: 'ENTITLEMENT_DENIED',
        errorLayer: 'entitlement',
        fatal: true,
        beforeFirstFrame: true,
      },
      { type: 'end', seq: 2, channelId: 'npo1', playingMs: 0, fatal: true, beforeFirstFrame: true },
      { type: 'attempt', seq: 0, channelId: 'rtl4' },
      { type: 'end', seq: 1, channelId: 'rtl4', playingMs: 0, fatal: false, beforeFirstFrame: true },
    ]);
  });

  it('a reload within the window on the same channel continues the session and its seq', () => {
    const storage = new MemoryStorage();
    const before = setup(storage);
    before.meter.attach(new FakeVideo(), 'npo1');
    before.meter.detach(); // pagehide
    vi.advanceTimersByTime(3_000);
    const after = setup(storage);
    after.meter.attach(new FakeVideo(), 'npo1');
    expect(after.events[0]).toMatchObject({
      sessionId: before.events[0]?.sessionId,
      seq: 2,
      type: 'attempt',
    });

    after.meter.detach();
    vi.advanceTimersByTime(31_000);
    const late = setup(storage);
    late.meter.attach(new FakeVideo(), 'npo1');
    expect(late.events[0]).toMatchObject({ seq: 0 });
    expect(late.events[0]?.sessionId).not.toBe(before.events[0]?.sessionId);
  });

  it('with rVFC the first frame presented after the source loads counts, unless the element is paused', () => {
    const { events, meter } = setup();
    const video = new FakeVideo();
    meter.attach(video, 'npo1');
    vi.advanceTimersByTime(100);
    video.fire('loadstart');
    vi.advanceTimersByTime(100);
    video.presentFrame(); // paused preview frame: not a start
    vi.advanceTimersByTime(100);
    video.paused = false; // play() called; the next frame shows before the 'playing' event
    video.presentFrame();
    video.fire('playing');
    expect(events.map(shape)).toEqual([
      { type: 'attempt', seq: 0, channelId: 'npo1' },
      { type: 'first_frame', seq: 1, channelId: 'npo1', startMs: 300 },
    ]);
  });
});
