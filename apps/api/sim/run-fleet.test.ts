import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { limiter, pacer } from './run-fleet';

describe('fleet pacing', () => {
  it('--rate spaces batches: 4 batches of 50 at 1000 events/s take about 150 ms', async () => {
    const pace = pacer(1000);
    const started = Date.now();
    for (let batch = 0; batch < 4; batch++) await pace(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('--rate 0 does not wait; the limiter keeps at most N calls in flight', async () => {
    const started = Date.now();
    await pacer(0)(1_000_000);
    expect(Date.now() - started).toBeLessThan(20);
    const limit = limiter(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limit(async () => {
          peak = Math.max(peak, ++active);
          await sleep(10);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
