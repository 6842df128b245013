import type { PrismaClient } from '../generated/prisma/client';
import { packageId } from './lineup';
import { writeLogos } from './logos';
import { seedId } from './random';

export const LIVE_DEMO_SLUG = 'keten-testbeeld';
const PROFILE_CODE = 'demo-live';

/**
 * The demo's one truly live channel: its two feeds come from the local source simulator
 * (`pnpm --filter @keten/worker demo`), encoded by the worker into a small ladder a 2-core machine keeps
 * up with twice over (both feeds are encoded at once: warm standby). Upserts: safe to run again.
 */
export async function seedLiveDemo(
  prisma: PrismaClient,
  feeds: { primary: string; backup: string },
  mediaRoot: string,
) {
  const profileId = seedId('profile', PROFILE_CODE);
  const versionId = seedId('profile-version', `${PROFILE_CODE}:v1`);
  const channelId = seedId('channel', LIVE_DEMO_SLUG);
  await prisma.encodingProfile.upsert({
    where: { id: profileId },
    update: {},
    create: {
      id: profileId,
      code: PROFILE_CODE,
      name: 'Demo live (360p/234p)',
      description: 'A light H.264 Main ladder for the simulated live feeds of the demo.',
      versions: {
        create: {
          id: versionId,
          version: 1,
          segmentSeconds: 2,
          audioCodec: 'AAC_LC',
          audioBitrateKbps: 96,
          audioChannels: 2,
          note: 'Two rungs, 2 s segments, for a 2-core demo machine.',
          rungs: {
            create: [
              {
                ordinal: 1,
                codec: 'H264' as const,
                profile: 'main',
                level: '3.0',
                width: 640,
                height: 360,
                fps: 25,
              },
              {
                ordinal: 2,
                codec: 'H264' as const,
                profile: 'main',
                level: '3.0',
                width: 416,
                height: 234,
                fps: 25,
              },
            ].map((rung, n) => {
              const bitrateKbps = n === 0 ? 800 : 400;
              return {
                ...rung,
                bitrateKbps,
                maxrateKbps: bitrateKbps,
                bufsizeKbps: bitrateKbps * 2,
                gopSeconds: 2,
              };
            }),
          },
        },
      },
    },
  });
  await prisma.channel.upsert({
    where: { id: channelId },
    update: {},
    create: {
      id: channelId,
      lcn: 99,
      name: 'Keten Testbeeld',
      slug: LIVE_DEMO_SLUG,
      genre: 'GENERAL',
      language: 'nl',
      state: 'LIVE',
      encodingProfileVersionId: versionId,
      packages: { create: { packageId: packageId('BASIS') } },
    },
  });
  // Its logo like every seeded channel's; set only when missing, so a re-run changes no row.
  const logoPath = (await writeLogos(mediaRoot, [{ slug: LIVE_DEMO_SLUG, name: 'Keten Testbeeld' }])).get(
    LIVE_DEMO_SLUG,
  );
  await prisma.channel.updateMany({ where: { id: channelId, logoPath: null }, data: { logoPath } });
  // The feeds follow the simulator's port, which the machine's .env may change.
  for (const [priority, url] of [
    [1, feeds.primary],
    [2, feeds.backup],
  ] as const) {
    const id = seedId('source', `${LIVE_DEMO_SLUG}:${priority}`);
    await prisma.channelSource.upsert({
      where: { id },
      update: { url },
      create: { id, channelId, priority, protocol: 'HTTP_TS', url },
    });
  }
  return { channelId };
}
