import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from './client';
import { DEMO_OPERATORS, type SeedResult, seed, seedOperators } from './seed/index';
import { createTestDatabase, DB_PACKAGE_DIR, type TestDatabase } from './testing';

const PASSWORD = 'correct-horse-battery';
// Pinned clock: the EPG window then covers the spring-forward night of 29 March 2026 and never straddles a midnight.
const NOW = new Date('2026-03-28T11:00:00Z');
const SIZE = { subscribers: 1_000, epgDaysEachSide: 2 };
const TABLES = [
  'operators',
  'box_models',
  'firmware_versions',
  'encoding_profiles',
  'encoding_profile_versions',
  'profile_rungs',
  'packages',
  'channels',
  'package_channels',
  'channel_sources',
  'availability_windows',
  'subscribers',
  'subscriptions',
  'devices',
  'programmes',
  'cohorts',
  'feature_flags',
  'feature_flag_versions',
  'firmware_rollouts',
  'rollout_waves',
  'rollout_events',
  'alert_rules',
];

describe('seed', () => {
  let db: TestDatabase;
  let mediaRoot: string;
  let first: SeedResult;
  let second: SeedResult;
  let afterFirst: Record<string, { rows: number; digest: string }>;
  let afterSecond: Record<string, { rows: number; digest: string }>;

  /** Row count and a digest of every row's full content, per table. */
  async function snapshot(): Promise<Record<string, { rows: number; digest: string }>> {
    const result: Record<string, { rows: number; digest: string }> = {};
    for (const table of TABLES) {
      const [row] = await db.prisma.$queryRawUnsafe<{ rows: bigint; digest: string | null }[]>(
        `SELECT count(*) AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${table}" t`,
      );
      result[table] = { rows: Number(row?.rows ?? 0), digest: row?.digest ?? '' };
    }
    return result;
  }

  beforeAll(async () => {
    db = await createTestDatabase('seed');
    mediaRoot = await mkdtemp(join(tmpdir(), 'keten-media-'));
    const options = { mediaRoot, now: NOW, ...SIZE };
    await seedOperators(db.prisma, PASSWORD);
    first = await seed(db.prisma, options);
    afterFirst = await snapshot();
    expect(await seedOperators(db.prisma, PASSWORD)).toEqual({ created: 0, updated: 0 });
    second = await seed(db.prisma, options);
    afterSecond = await snapshot();
  });
  afterAll(async () => {
    await db?.drop();
    if (mediaRoot) await rm(mediaRoot, { recursive: true, force: true });
  });

  it('is idempotent: a second run inserts nothing and changes no row', () => {
    expect(Object.values(first.created).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Object.values(second.created).every((n) => n === 0)).toBe(true);
    expect(afterSecond).toEqual(afterFirst);
  });

  it('scales with the size options', () => {
    expect(afterFirst.subscribers?.rows).toBe(SIZE.subscribers);
    expect(afterFirst.devices?.rows).toBeGreaterThan(1_100);
    expect(afterFirst.devices?.rows).toBeLessThan(1_400);
    expect(afterFirst.channels?.rows).toBeGreaterThanOrEqual(75);
  });

  it('gives every channel a primary and a backup source, and live channels an on-air source', async () => {
    const channels = await db.prisma.channel.findMany({
      include: { sources: { orderBy: { priority: 'asc' } } },
    });
    for (const channel of channels) {
      expect(
        channel.sources.map((s) => s.priority),
        channel.slug,
      ).toEqual([1, 2]);
      if (channel.state === 'LIVE')
        expect(
          channel.sources.map((s) => s.id),
          channel.slug,
        ).toContain(channel.onAirSourceId);
    }
  });

  it('agrees with itself on failovers: a channel on its backup says when it failed over and why its primary is down', async () => {
    const channels = await db.prisma.channel.findMany({
      where: { state: 'LIVE' },
      include: { sources: { orderBy: { priority: 'asc' } } },
    });
    const onBackup = channels.filter((c) => c.onAirSourceId === c.sources[1]?.id);
    expect(onBackup.length).toBeGreaterThan(0);
    for (const channel of onBackup) {
      const [primary] = channel.sources;
      expect(primary?.health, channel.slug).toBe('DOWN');
      expect(primary?.lastError, channel.slug).toMatch(/no data from .+ for 10 s/);
      expect(channel.lastFailoverAt?.getTime(), channel.slug).toBeLessThan(NOW.getTime());
    }
    // Every other live channel is on its primary, which is not down, and never failed over.
    for (const channel of channels.filter((c) => !onBackup.includes(c))) {
      expect(channel.sources[0]?.health, channel.slug).not.toBe('DOWN');
      expect(channel.lastFailoverAt, channel.slug).toBeNull();
    }
    // The first run reports each failover once, for its ingest events; the second run made none.
    expect(first.failovers.map((f) => f.channelId).sort()).toEqual(onBackup.map((c) => c.id).sort());
    expect(first.failovers.map((f) => f.at.getTime()).sort()).toEqual(
      onBackup.map((c) => c.lastFailoverAt?.getTime()).sort(),
    );
    expect(second.failovers).toEqual([]);
  });

  it('writes a logo file for every channel', async () => {
    const channels = await db.prisma.channel.findMany({ select: { logoPath: true } });
    const files = await readdir(join(mediaRoot, 'logos'));
    expect(files).toHaveLength(channels.length);
    for (const { logoPath } of channels) {
      expect(await readFile(join(mediaRoot, logoPath ?? 'missing'), 'utf8')).toMatch(/^<svg /);
    }
  });

  it('keeps the legacy profile within H.264 Main at 720p, and has 1080p H.264 and UHD HEVC ladders', async () => {
    const rungs = await db.prisma.profileRung.findMany({
      include: { version: { include: { profile: true } } },
    });
    const of = (code: string) => rungs.filter((r) => r.version.profile.code === code);
    expect(of('legacy-sd').length).toBeGreaterThan(0);
    for (const rung of of('legacy-sd')) {
      expect(rung).toMatchObject({ codec: 'H264', profile: 'main' });
      expect(rung.height).toBeLessThanOrEqual(720);
    }
    expect(of('hd-h264').some((r) => r.codec === 'H264' && r.profile === 'high' && r.height === 1080)).toBe(
      true,
    );
    expect(of('uhd-hevc').some((r) => r.codec === 'HEVC' && r.height === 2160)).toBe(true);
  });

  it('has a legacy box model that can decode neither HEVC nor more than 720p', async () => {
    const legacy = await db.prisma.boxModel.findMany({
      where: { NOT: { videoCodecs: { has: 'HEVC' } }, maxHeight: { lte: 720 } },
    });
    expect(legacy.length).toBeGreaterThan(0);
    expect(
      await db.prisma.device.count({ where: { boxModelId: { in: legacy.map((m) => m.id) } } }),
    ).toBeGreaterThan(0);
  });

  it('creates one argon2id-hashed operator per role with the demo password', async () => {
    const operators = await db.prisma.operator.findMany();
    expect(operators.map((o) => o.role).sort()).toEqual(Object.values(Role).sort());
    expect(operators.map((o) => o.email).sort()).toEqual(DEMO_OPERATORS.map((o) => o.email).sort());
    for (const operator of operators) {
      expect(operator.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verify(operator.passwordHash, PASSWORD)).toBe(true);
    }
  });

  it('resets a demo operator whose password no longer matches', async () => {
    expect(await seedOperators(db.prisma, 'another-password')).toEqual({
      created: 0,
      updated: DEMO_OPERATORS.length,
    });
  });

  it('schedules gap-free, non-overlapping EPG days, including the DST night', async () => {
    const programmes = await db.prisma.programme.findMany({
      orderBy: [{ channelId: 'asc' }, { startsAt: 'asc' }],
    });
    expect(programmes.length).toBeGreaterThan(0);
    for (let i = 1; i < programmes.length; i++) {
      const [previous, current] = [programmes[i - 1], programmes[i]];
      if (!previous || !current || previous.channelId !== current.channelId) continue;
      expect(current.startsAt.getTime(), current.id).toBe(previous.endsAt.getTime());
      expect(current.endsAt.getTime()).toBeGreaterThan(current.startsAt.getTime());
    }
    // 26 March 00:00 CET to 30 March 00:00 CEST: four calendar days, one of them 23 hours long.
    const bounds = await db.prisma.programme.aggregate({ _min: { startsAt: true }, _max: { endsAt: true } });
    expect(bounds._min.startsAt?.toISOString()).toBe('2026-03-25T23:00:00.000Z');
    expect(bounds._max.endsAt?.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('refuses to run without DEMO_PASSWORD and says so', () => {
    const { DEMO_PASSWORD: _, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/seed/main.ts'], {
      cwd: DB_PACKAGE_DIR,
      env: { ...env, DATABASE_URL: db.url, MEDIA_ROOT: mediaRoot },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DEMO_PASSWORD');
  });

  // Runs last: it rolls the EPG window forward, which the EPG test above must not see.
  it('adds no second copy of subscriptions or pop-up windows when re-run on a later day', async () => {
    const later = await seed(db.prisma, {
      mediaRoot,
      now: new Date(NOW.getTime() + 3 * 86_400_000),
      ...SIZE,
    });
    const afterLater = await snapshot();
    expect(later.created.subscriptions ?? 0).toBe(0);
    expect(afterLater.subscriptions).toEqual(afterFirst.subscriptions);
    expect(afterLater.availability_windows).toEqual(afterFirst.availability_windows);
    expect(afterLater.subscribers).toEqual(afterFirst.subscribers);
    expect(afterLater.devices).toEqual(afterFirst.devices);
  });
});
