import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TRungInput } from '@keten/contracts';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

type TVersion = {
  id: string;
  version: number;
  segmentSeconds: number;
  audioCodec: string;
  rungs: TRungInput[];
};
type TImpact = {
  boxModels: { code: string; subscribers: number; devices: number }[];
  subscribers: number;
  devices: number;
};

const rung = (
  width: number,
  height: number,
  bitrateKbps: number,
  extra: Partial<TRungInput> = {},
): TRungInput => ({
  codec: 'H264',
  profile: 'high',
  level: '4.0',
  width,
  height,
  fps: 25,
  bitrateKbps,
  maxrateKbps: Math.round(bitrateKbps * 1.1),
  bufsizeKbps: bitrateKbps * 2,
  gopSeconds: 2,
  ...extra,
});
const audio = { segmentSeconds: 4, audioCodec: 'AAC_LC', audioBitrateKbps: 128, audioChannels: 2 } as const;
// All rungs High profile: a legacy H.264 Main box can play none of them.
// Test data is read from the HTTP response; a failed call fails the status assertion first.
const dataOf = <T>(response: TRpcResponseLike) => response.body.result?.data.json as T;
type TRpcResponseLike = { body: { result?: { data: { json: unknown } } } };
const highOnly = [
  rung(1920, 1080, 5000),
  rung(1280, 720, 3000, { level: '3.1' }),
  rung(960, 540, 1600, { level: '3.1' }),
];

describe('encoding profiles over tRPC (real PostgreSQL, seeded)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let media: string;
  let legacyId: string;
  beforeAll(async () => {
    api = await startTestApi();
    media = await mkdtemp(join(tmpdir(), 'keten-profiles-'));
    await seed(api.prisma, { mediaRoot: media, subscribers: 500, epgDaysEachSide: 0 });
    legacyId = (await api.prisma.encodingProfile.findUniqueOrThrow({ where: { code: 'legacy-sd' } })).id;
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    if (media) await rm(media, { recursive: true, force: true });
  });

  const versionsOf = (profileId: string) => api.prisma.encodingProfileVersion.count({ where: { profileId } });
  const save = (input: Record<string, unknown>) =>
    api.trpc(
      'profiles.saveVersion',
      { profileId: legacyId, ...audio, ...input },
      { role: 'CONTENT', kind: 'mutation' },
    );

  it('lists profiles with their current version', async () => {
    const response = await api.trpc('profiles.list', undefined, { role: 'NOC' });
    const items = response.body.result?.data.json as {
      code: string;
      current: { version: number };
      channelCount: number;
    }[];
    expect(items.find((p) => p.code === 'legacy-sd')).toMatchObject({ current: { version: 2 } });
    expect(items.find((p) => p.code === 'hd-h264')?.channelCount).toBeGreaterThan(0);
  });

  it('refuses a ladder whose bitrate does not fall with resolution, naming the rung field, and writes nothing', async () => {
    const before = await versionsOf(legacyId);
    const response = await save({
      rungs: [
        rung(1280, 720, 3000, { profile: 'main', level: '3.1' }),
        rung(640, 360, 3000, { profile: 'main', level: '3.0' }),
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error?.json.data.keten).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'rungs.1.bitrateKbps',
    });
    expect(await versionsOf(legacyId)).toBe(before);
  });

  it('reports every broken level and GOP rule with its field', async () => {
    const response = await save({
      segmentSeconds: 4,
      rungs: [
        rung(1920, 1080, 5000, { level: '3.1' }),
        rung(1280, 720, 3000, { level: '3.1', gopSeconds: 3 }),
      ],
    });
    expect(response.status).toBe(400);
    const details = (
      response.body.error?.json.data.keten as { details?: { issues: { field: string }[] } } | undefined
    )?.details;
    expect(details?.issues.map((i) => i.field)).toEqual(['rungs.0.level', 'rungs.1.gopSeconds']);
    expect(response.body.error?.json.message).toMatch(/rungs\.0\.level .*max picture size/);
  });

  it('refuses a change that strands the legacy box, naming it with subscriber and box counts', async () => {
    const legacyModel = await api.prisma.boxModel.findUniqueOrThrow({ where: { code: 'arris-vip1113' } });
    // Ground truth by a different route: Prisma relation filters instead of the service's SQL.
    const entitled = {
      boxModelId: legacyModel.id,
      status: { not: 'RETIRED' as const },
      subscriber: {
        status: 'ACTIVE' as const,
        subscriptions: {
          some: {
            startsAt: { lte: new Date() },
            OR: [{ endsAt: null }, { endsAt: { gt: new Date() } }],
            package: {
              channels: {
                some: {
                  channel: {
                    state: { not: 'DISABLED' as const },
                    encodingProfileVersion: { profileId: legacyId },
                  },
                },
              },
            },
          },
        },
      },
    };
    const devices = await api.prisma.device.count({ where: entitled });
    const subscribers = (await api.prisma.device.groupBy({ by: ['subscriberId'], where: entitled })).length;
    expect(devices).toBeGreaterThan(0);

    const before = await versionsOf(legacyId);
    const response = await save({ rungs: highOnly });
    expect(response.status).toBe(409);
    const keten = response.body.error?.json.data.keten as unknown as { code: string; details: TImpact };
    expect(keten.code).toBe('COMPATIBILITY_REFUSED');
    expect(keten.details.boxModels).toEqual([
      expect.objectContaining({ code: 'arris-vip1113', subscribers, devices }),
    ]);
    expect(keten.details.subscribers).toBe(subscribers);
    expect(response.body.error?.json.message).toContain(
      `Arris VIP1113 (${subscribers} subscribers, ${devices} boxes)`,
    );
    expect(await versionsOf(legacyId)).toBe(before);

    const confirmed = await save({ rungs: highOnly, confirmIncompatible: true, note: 'HD only' });
    expect(confirmed.status).toBe(200);
    expect(dataOf<TVersion>(confirmed).version).toBe(before + 1);
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: legacyId, action: 'profile.version.create' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({
      version: before + 1,
      confirmedIncompatible: true,
      impact: { subscribers },
    });
    expect(audit[0]?.before).toMatchObject({ version: before });
  });

  it('rolls back by adding a new version equal to the old one, audited', async () => {
    const v1 = await api.prisma.encodingProfileVersion.findUniqueOrThrow({
      where: { profileId_version: { profileId: legacyId, version: 1 } },
      include: { rungs: { orderBy: { ordinal: 'asc' } } },
    });
    const latest = await versionsOf(legacyId);
    const response = await api.trpc(
      'profiles.rollback',
      { profileId: legacyId, toVersion: 1 },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(response.status).toBe(200);
    const created = response.body.result?.data.json as TVersion;
    expect(created.version).toBe(latest + 1);
    const strip = ({ id: _i, versionId: _v, ...r }: (typeof v1.rungs)[number]) => r;
    const copy = await api.prisma.encodingProfileVersion.findUniqueOrThrow({
      where: { id: created.id },
      include: { rungs: { orderBy: { ordinal: 'asc' } } },
    });
    expect(copy.rungs.map(strip)).toEqual(v1.rungs.map(strip));
    expect(copy).toMatchObject({
      segmentSeconds: v1.segmentSeconds,
      audioCodec: v1.audioCodec,
      audioBitrateKbps: v1.audioBitrateKbps,
    });
    // The original version is untouched: versions are immutable.
    expect((await api.prisma.encodingProfileVersion.findUniqueOrThrow({ where: { id: v1.id } })).note).toBe(
      v1.note,
    );
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: legacyId, action: 'profile.rollback' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ rolledBackTo: 1, version: latest + 1 });
  });

  it('moving channels onto a version that strands the legacy box is refused, then confirmed, audited and shown in the matrix', async () => {
    const onProfile = { encodingProfileVersion: { profileId: legacyId } };
    const channels = await api.prisma.channel.findMany({
      where: onProfile,
      select: { id: true, encodingProfileVersionId: true },
    });
    const pin = (extra: Record<string, unknown> = {}) =>
      api.trpc(
        'profiles.pinChannels',
        { profileId: legacyId, toVersion: 3, ...extra },
        { role: 'CONTENT', kind: 'mutation' },
      );
    const refused = await pin();
    expect(refused.status).toBe(409);
    const keten = refused.body.error?.json.data.keten as unknown as { code: string; details: TImpact };
    expect(keten).toMatchObject({
      code: 'COMPATIBILITY_REFUSED',
      details: { boxModels: [{ code: 'arris-vip1113' }] },
    });
    expect(
      await api.prisma.channel.findMany({
        where: onProfile,
        select: { id: true, encodingProfileVersionId: true },
      }),
    ).toEqual(channels);

    const confirmed = await pin({ confirmIncompatible: true });
    expect(confirmed.status).toBe(200);
    expect(dataOf<{ moved: number }>(confirmed).moved).toBe(channels.length);
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: legacyId, action: 'profile.channels.pin' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ version: 3, confirmedIncompatible: true });

    type TCells = {
      packages: {
        code: string;
        profiles: {
          profile: { code: string };
          version: number;
          cells: { boxModelId: string; playable: number[] }[];
        }[];
      }[];
    };
    const arris = await api.prisma.boxModel.findUniqueOrThrow({ where: { code: 'arris-vip1113' } });
    const matrix = dataOf<TCells>(await api.trpc('profiles.compatibility', undefined, { role: 'NOC' }));
    const legacy = matrix.packages
      .find((p) => p.code === 'BASIS')
      ?.profiles.find((p) => p.profile.code === 'legacy-sd');
    expect(legacy?.version).toBe(3);
    expect(legacy?.cells.find((c) => c.boxModelId === arris.id)?.playable).toEqual([]);
  });

  it('creates a profile with version 1 (audited), refuses a taken code on its field and a bad ladder on its rung', async () => {
    const input = {
      code: 'sd-lite',
      name: 'SD lite',
      ...audio,
      rungs: [rung(640, 360, 800, { profile: 'main', level: '3.0' })],
    };
    const created = await api.trpc('profiles.create', input, { role: 'CONTENT', kind: 'mutation' });
    expect(created.status).toBe(200);
    const profile = dataOf<{ id: string; versions: TVersion[] }>(created);
    expect(profile.versions.map((v) => v.version)).toEqual([1]);
    expect(
      await api.prisma.auditEntry.count({ where: { entityId: profile.id, action: 'profile.create' } }),
    ).toBe(1);

    const taken = await api.trpc('profiles.create', input, { role: 'CONTENT', kind: 'mutation' });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'code' });
    const odd = await api.trpc(
      'profiles.create',
      { ...input, code: 'sd-odd', rungs: [rung(641, 360, 800, { profile: 'main', level: '3.0' })] },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(odd.status).toBe(400);
    expect(odd.body.error?.json.data.keten?.field).toBe('rungs.0.width');
    expect(await api.prisma.encodingProfile.count({ where: { code: 'sd-odd' } })).toBe(0);
  });

  it('edits box model capabilities (audited) and the matrix flags models with no playable rung', async () => {
    const legacyModel = await api.prisma.boxModel.findUniqueOrThrow({ where: { code: 'arris-vip1113' } });
    const forbidden = await api.trpc(
      'profiles.boxModels.updateCapabilities',
      { id: legacyModel.id },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(forbidden.status).toBe(403);
    const response = await api.trpc(
      'profiles.boxModels.updateCapabilities',
      {
        ...legacyModel,
        maxWidth: 1024,
        maxHeight: 576,
        videoCodecs: ['H264'],
        maxHevcProfile: null,
        maxHevcLevel: null,
      },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(response.status).toBe(200);
    const audit = await api.prisma.auditEntry.findFirstOrThrow({ where: { entityId: legacyModel.id } });
    expect(audit).toMatchObject({
      action: 'boxModel.capabilities.update',
      before: { maxWidth: 1280 },
      after: { maxWidth: 1024 },
    });

    const matrix = await api.trpc('profiles.compatibility', undefined, { role: 'SUPPORT' });
    type TMatrix = {
      packages: {
        code: string;
        profiles: { profile: { code: string }; cells: { boxModelId: string; playable: number[] }[] }[];
      }[];
    };
    const basis = dataOf<TMatrix>(matrix).packages.find((p) => p.code === 'BASIS');
    const hd = basis?.profiles.find((p) => p.profile.code === 'hd-h264');
    // hd-h264 v2: only the 960×540 Main rung (3) and 640×360 (4) fit a Main ≤ 1024×576 decoder.
    expect(hd?.cells.find((c) => c.boxModelId === legacyModel.id)?.playable).toEqual([3, 4]);
  });
});
