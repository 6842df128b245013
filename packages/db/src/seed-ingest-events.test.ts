import { afterAll, describe, expect, it } from 'vitest';
import { channelIngestTimeline } from './clickhouse';
import { createTestClickHouse } from './clickhouse/test-support';
import { failoverEvents, seedIngestEvents, type TSeededFailover } from './seed/index';

const ch = createTestClickHouse();
afterAll(() => ch.dispose());

const AT = new Date(Date.now() - 20 * 60_000);
const FAILOVER: TSeededFailover = {
  channelId: 'seed-channel',
  fromSourceId: 'seed-primary',
  toSourceId: 'seed-backup',
  at: AT,
  cause: 'no data from udp://239.1.1.5:1234 for 10 s: the encoder stalled and exited',
  primaryLabel: 'Primary (UDP)',
};

describe('seeded failovers in ClickHouse', () => {
  it('gives each seeded failover the events the worker would have sent: the primary down, then the switch', () => {
    const [down, failover] = failoverEvents([FAILOVER]);
    expect(down).toMatchObject({ kind: 'source_down', sourceId: 'seed-primary', cause: FAILOVER.cause });
    expect(failover).toMatchObject({
      kind: 'failover',
      sourceId: 'seed-backup',
      fromSourceId: 'seed-primary',
      startedAt: AT.toISOString(),
      cause: `Primary (UDP): ${FAILOVER.cause}`,
    });
    // Stable ids: writing the same failover twice is one finding for the readers.
    expect(failoverEvents([FAILOVER]).map((e) => e.id)).toEqual([down?.id, failover?.id]);
  });

  it('writes them where the channel health page reads them', async () => {
    const client = await ch.open('default');
    expect(await seedIngestEvents([FAILOVER], { dataDir: ch.dataDir })).toEqual({ inserted: 2 });
    await seedIngestEvents([FAILOVER], { dataDir: ch.dataDir });
    const events = await channelIngestTimeline(client, {
      channelId: 'seed-channel',
      from: new Date(AT.getTime() - 3_600_000),
      to: new Date(),
    });
    expect(events.map((e) => e.kind).sort()).toEqual(['failover', 'source_down']);
  });
});
