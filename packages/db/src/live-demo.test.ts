import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_DEMO_SLUG, seed, seedLiveDemo } from './seed/index';
import { createTestDatabase, type TestDatabase } from './testing';

const FEEDS = { primary: 'http://127.0.0.1:7700/stream.ts', backup: 'http://127.0.0.1:7701/stream.ts' };

describe('the live demo channel', () => {
  let db: TestDatabase;
  let mediaRoot: string;
  beforeAll(async () => {
    db = await createTestDatabase('live-demo');
    mediaRoot = await mkdtemp(join(tmpdir(), 'keten-live-demo-'));
    await seed(db.prisma, { mediaRoot, subscribers: 20, epgDaysEachSide: 0 });
  });
  afterAll(async () => {
    await db?.drop();
    if (mediaRoot) await rm(mediaRoot, { recursive: true, force: true });
  });

  it('has a logo like every seeded channel, also on an install seeded before it had one; a re-run changes nothing', async () => {
    await seedLiveDemo(db.prisma, FEEDS, mediaRoot);
    const channel = await db.prisma.channel.findUniqueOrThrow({ where: { slug: LIVE_DEMO_SLUG } });
    expect(channel.logoPath).toBe(`logos/${LIVE_DEMO_SLUG}.svg`);
    const svg = await readFile(join(mediaRoot, channel.logoPath ?? ''), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('<title>Keten Testbeeld</title>');

    await seedLiveDemo(db.prisma, FEEDS, mediaRoot);
    const again = await db.prisma.channel.findUniqueOrThrow({ where: { slug: LIVE_DEMO_SLUG } });
    expect(again.updatedAt).toEqual(channel.updatedAt);

    await db.prisma.channel.update({ where: { slug: LIVE_DEMO_SLUG }, data: { logoPath: null } });
    await seedLiveDemo(db.prisma, FEEDS, mediaRoot);
    const upgraded = await db.prisma.channel.findUniqueOrThrow({ where: { slug: LIVE_DEMO_SLUG } });
    expect(upgraded.logoPath).toBe(`logos/${LIVE_DEMO_SLUG}.svg`);
  });
});
