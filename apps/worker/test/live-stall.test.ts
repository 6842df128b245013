import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSource } from '../src/sources/test-source';
import { ffmpegsMentioning, runTestChannel } from './support/live';
import { isAlive } from './support/processes';
import { until } from './support/until';

/** A feed that keeps its connection open but sends nothing: ffmpeg waits forever unless we watch it. */
describe('a hung primary feed', () => {
  let primary: TestSource;
  let backup: TestSource;
  let live: ReturnType<typeof runTestChannel>;

  beforeAll(async () => {
    primary = await new TestSource().start();
    backup = await new TestSource({ toneHz: 880 }).start();
    live = runTestChannel({
      slug: 'stall',
      sources: [
        { id: 'primary', url: primary.url, priority: 1 },
        { id: 'backup', url: backup.url, priority: 2 },
      ],
    });
    await until('the primary on air', () => live.sink.events.find((e) => e.kind === 'on_air'), 30_000);
  });

  afterAll(async () => {
    await live?.stop();
    await primary?.close();
    await backup?.close();
  });

  it('is noticed from the missing frames, its ffmpeg killed, and the backup goes on air', async () => {
    expect(live.sink.events.find((e) => e.kind === 'on_air')?.sourceId).toBe('primary');
    const hungEncoders = await ffmpegsMentioning(join(live.mediaRoot, '.live', 'stall', 'primary'));
    expect(hungEncoders).toHaveLength(1);
    const hungAt = Date.now();
    primary.setMode('hang');
    const failover = await until(
      'the failover',
      () => live.sink.events.find((e) => e.kind === 'failover'),
      10_000,
    );
    const noticedAfter = (Date.parse(failover.startedAt) - hungAt) / 1000;
    console.log(`hung feed: failover ${noticedAfter.toFixed(2)} s after the feed stopped sending`);
    expect(failover).toMatchObject({ sourceId: 'backup', fromSourceId: 'primary' });
    expect(failover.cause).toMatch(/primary: no new frame for 1 s/);
    // The hung encoder was killed, not left waiting on its socket (a retry may have started a new one).
    await until('the hung encoder gone', () => !isAlive(hungEncoders[0]!), 5_000);
  }, 30_000);
});
