import { type TBeaconEvent, ZBeaconEventSchema } from '@keten/contracts';
import { Random } from '@keten/db/random';
import { describe, expect, it } from 'vitest';
import { profileFor, WORSE_FIRMWARE_EFFECT } from './profiles';
import { createViewer } from './viewer';

const START = Date.UTC(2026, 10, 25, 20, 0, 0);
const HOUR = 3_600_000;
const CHANNELS = ['ch-1', 'ch-2', 'ch-3', 'ch-4'];

function play(
  seed: number,
  boxModel: string,
  firmware: string,
  worse: string | null,
  hours = 1,
  tickMs = 1000,
) {
  const viewer = createViewer({
    rng: new Random(seed),
    profile: profileFor(boxModel, firmware, worse),
    channelIds: CHANNELS,
    startAt: START,
  });
  const events: TBeaconEvent[] = [];
  for (let t = START; t < START + hours * HOUR; t += tickMs) events.push(...viewer.advanceTo(t));
  events.push(...viewer.finish(START + hours * HOUR));
  return events;
}

const sum = (events: TBeaconEvent[], pick: (event: TBeaconEvent) => number) =>
  events.reduce((total, event) => total + pick(event), 0);
const stallRatio = (events: TBeaconEvent[]) =>
  sum(events, (e) => (e.type === 'stall_end' ? e.stallMs : 0)) /
  sum(events, (e) => (e.type === 'heartbeat' || e.type === 'end' ? e.playingMs : 0));

describe('Random', () => {
  it('repeats with the seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, () => new Random(seed).next());
    expect(draw(42)).toEqual(draw(42));
    const a = new Random(42);
    const b = new Random(43);
    expect([a.next(), a.next()]).not.toEqual([b.next(), b.next()]);
    expect(new Random(1).shuffled([1, 2, 3, 4, 5])).toEqual(new Random(1).shuffled([1, 2, 3, 4, 5]));
  });

  it('draws log-normal values around their median and valid uuids', () => {
    const rng = new Random(7);
    const draws = Array.from({ length: 4001 }, () => rng.logNormal(1000, 0.35)).sort((x, y) => x - y);
    expect(draws[2000]).toBeGreaterThan(950);
    expect(draws[2000]).toBeLessThan(1050);
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('viewer state machine', () => {
  it('produces the same events for the same seed, however the clock is sliced', () => {
    expect(play(42, 'amino-a140', '4.4.0', null, 1, 1000)).toEqual(
      play(42, 'amino-a140', '4.4.0', null, 1, 7_333),
    );
    expect(play(42, 'amino-a140', '4.4.0', null)).not.toEqual(play(43, 'amino-a140', '4.4.0', null));
  });

  it('emits contract-valid sessions: seq 0.. in order, attempt first, every session ended, stalls closed', () => {
    const events = play(5, 'kaon-kstb6077', '2.0.0', 'kaon-kstb6077@2.0.0', 3);
    for (const event of events) expect(ZBeaconEventSchema.safeParse(event).success).toBe(true);
    const sessions = new Map<string, TBeaconEvent[]>();
    for (const event of events)
      sessions.set(event.sessionId, [...(sessions.get(event.sessionId) ?? []), event]);
    expect(sessions.size).toBeGreaterThan(10);
    for (const session of sessions.values()) {
      expect(session.map((e) => e.seq)).toEqual(session.map((_, index) => index));
      expect(session[0]?.type).toBe('attempt');
      expect(session.at(-1)?.type).toBe('end');
      expect(session.filter((e) => e.type === 'stall_start').length).toBe(
        session.filter((e) => e.type === 'stall_end').length,
      );
      const times = session.map((e) => e.time);
      expect(times).toEqual([...times].sort((x, y) => x - y));
    }
    expect(events.at(-1)?.time).toBeLessThanOrEqual(START + 3 * HOUR);
    expect(events.some((e) => e.type === 'zap')).toBe(true);
    expect(events.some((e) => e.type === 'error')).toBe(true);
  });

  it('makes the worse firmware stall more and start slower than the same model without it', () => {
    const normal = Array.from({ length: 8 }, (_, box) => play(box, 'kaon-kstb6077', '2.0.0', null, 4)).flat();
    const worse = Array.from({ length: 8 }, (_, box) =>
      play(box, 'kaon-kstb6077', '2.0.0', 'kaon-kstb6077@2.0.0', 4),
    ).flat();
    expect(stallRatio(worse)).toBeGreaterThan(2 * stallRatio(normal));
    const medianStart = (events: TBeaconEvent[]) => {
      const starts = events
        .flatMap((e) =>
          e.type === 'first_frame' && !events.some((z) => z.type === 'zap' && z.sessionId === e.sessionId)
            ? [e.startMs]
            : [],
        )
        .sort((x, y) => x - y);
      return starts[Math.floor(starts.length / 2)] ?? 0;
    };
    expect(medianStart(worse) - medianStart(normal)).toBeGreaterThan(
      WORSE_FIRMWARE_EFFECT.extraStartMs * 0.6,
    );
  });
});

describe('exits before video start (EBVS)', () => {
  it('some viewers leave before the first frame without an error, more on the slower-starting firmware', () => {
    const exits = (firmware: string) => {
      const events = play(5, 'kaon-kstb6077', firmware, 'kaon-kstb6077@2.0.0', 200, 60_000);
      const early = events.filter((e) => e.type === 'end' && e.beforeFirstFrame === true && e.fatal !== true);
      const attempts = events.filter((e) => e.type === 'attempt').length;
      // Each one ends its session without a first frame and without an error.
      const sessions = new Set(early.map((e) => e.sessionId));
      expect(
        events.some((e) => sessions.has(e.sessionId) && (e.type === 'first_frame' || e.type === 'error')),
      ).toBe(false);
      return early.length / attempts;
    };
    const healthy = exits('1.9.0');
    const worse = exits('2.0.0');
    expect(healthy).toBeGreaterThan(0);
    expect(worse).toBeGreaterThan(2 * healthy);
  });
});
