import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSource } from '../src/sources/test-source';
import { livePlaylistPath, runTestChannel, watchPlaylist } from './support/live';
import { until } from './support/until';

/** The headend's usual transport: MPEG-TS in UDP datagrams, which never ends with an EOF. */
describe('a live channel fed over UDP', () => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  let feed: TestSource;
  let live: ReturnType<typeof runTestChannel>;

  beforeAll(async () => {
    feed = await new TestSource({ udp: `udp://127.0.0.1:${port}` }).start();
    live = runTestChannel({
      slug: 'udp',
      sources: [{ id: 'multicast', url: `udp://127.0.0.1:${port}`, priority: 1 }],
    });
  });

  afterAll(async () => {
    await live?.stop();
    await feed?.close();
  });

  it('goes on air from the datagrams and notices when they stop', async () => {
    const playlist = watchPlaylist(livePlaylistPath(live.mediaRoot, 'udp'));
    await until('segments from the UDP feed', () => playlist.entries().length >= 2, 30_000);
    playlist.stop();
    expect(live.sink.events.find((e) => e.kind === 'on_air')?.sourceId).toBe('multicast');

    const stoppedAt = Date.now();
    feed.setMode('stopped');
    const down = await until(
      'the feed reported down',
      () => live.sink.events.find((e) => e.kind === 'source_down'),
      10_000,
    );
    console.log(
      `UDP feed: down ${((Date.parse(down.startedAt) - stoppedAt) / 1000).toFixed(2)} s after it stopped`,
    );
    expect(down.cause).toMatch(/no new frame for 1 s|timed out/i);
    expect(live.health.at(-1)).toBe('DOWN');
  }, 60_000);
});
