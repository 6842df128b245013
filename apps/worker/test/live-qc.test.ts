import type { TIngestEvent } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSource, type TSourceMode } from '../src/sources/test-source';
import { runTestChannel } from './support/live';
import { until } from './support/until';

describe('QC on a live input', () => {
  let source: TestSource;
  let live: ReturnType<typeof runTestChannel>;

  beforeAll(async () => {
    source = await new TestSource().start();
    live = runTestChannel({
      slug: 'qc',
      sources: [{ id: 'feed', url: source.url, priority: 1 }],
      qc: { failoverAfterSeconds: null },
      // A mode change restarts the simulated feed's encoder: a longer stall limit rides over that.
      settings: { stallSeconds: 3, returnAfterSeconds: 30 },
    });
    await until('the feed on air', () => live.sink.events.find((e) => e.kind === 'on_air'), 30_000);
  });

  afterAll(async () => {
    await live?.stop();
    await source?.close();
  });

  /** Injects a fault, waits for its QC event, restores the feed and waits for the event's end. */
  async function inject(mode: TSourceMode, kind: TIngestEvent['kind']) {
    const injectedAt = Date.now();
    source.setMode(mode);
    const start = await until(
      `a ${kind} event`,
      () =>
        live.sink.events.find(
          (e) => e.kind === kind && e.endedAt === null && Date.parse(e.startedAt) > injectedAt - 3_000,
        ),
      15_000,
    );
    const seconds = (Date.now() - injectedAt) / 1000;
    source.setMode('normal');
    const end = await until(
      `the end of the ${kind} event`,
      () => live.sink.events.find((e) => e.id === start.id && e.endedAt !== null),
      15_000,
    );
    return { start, end, seconds };
  }

  it.each([
    ['black', 'black'],
    ['silent', 'silence'],
    ['frozen', 'freeze'],
    ['loud', 'loudness'],
  ] as const)(
    'a %s feed gives a %s event within 5 s, with its source, start and end',
    async (mode, kind) => {
      const { start, end, seconds } = await inject(mode, kind);
      console.log(`QC: ${kind} event ${seconds.toFixed(2)} s after the feed turned ${mode}`);
      // The bound for black, silence and freeze; loudness first needs its 3 s short-term window.
      expect(seconds).toBeLessThanOrEqual(kind === 'loudness' ? 7 : 5);
      expect(start).toMatchObject({ channelId: 'qc-channel', sourceId: 'feed', kind });
      expect(Date.parse(end.endedAt!)).toBeGreaterThan(Date.parse(end.startedAt));
      expect(end.startedAt).toBe(start.startedAt);
      expect(live.health).toContain('DEGRADED');
    },
    40_000,
  );
});
