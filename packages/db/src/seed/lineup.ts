import { createHash } from 'node:crypto';
import { addCalendarDays, amsterdamInstant, slugify } from '@keten/contracts';
import type { Prisma, SourceHealth } from '../generated/prisma/client';
import {
  BOX_MODELS,
  CHANNELS,
  type ChannelSpec,
  PACKAGES,
  POP_UP_LCNS,
  PROFILES,
  type ProfileCode,
} from './catalogue';
import type { SeedContext } from './context';
import type { TSeededFailover } from './ingest-events';
import { writeLogos } from './logos';
import { Random, seedId } from './random';

export const channelId = (slug: string) => seedId('channel', slug);
export const packageId = (code: string) => seedId('package', code);
export const boxModelId = (code: string) => seedId('box-model', code);
export const firmwareId = (model: string, version: string) => seedId('firmware', `${model}:${version}`);
const profileId = (code: string) => seedId('profile', code);
const versionId = (code: string, version: number) => seedId('profile-version', `${code}:v${version}`);
const sourceId = (slug: string, priority: number) => seedId('source', `${slug}:${priority}`);

/**
 * A demo firmware image: a URL under the reserved example.net domain, the SHA-256 of the name (no image exists) and a
 * size between 180 and 420 MB, all derived from the name so re-seeding gives the same values.
 */
export function demoImage(model: string, version: string) {
  const sha256 = createHash('sha256').update(`keten-demo-firmware:${model}:${version}`).digest('hex');
  const sizeBytes = BigInt(180_000_000 + (Number.parseInt(sha256.slice(0, 8), 16) % 240_000_000));
  return { imageUrl: `https://firmware.example.net/${model}/${version}.img`, sha256, sizeBytes };
}

export type SeededChannel = ChannelSpec & { id: string; slug: string };

function latestVersionId(code: ProfileCode): string {
  const profile = PROFILES.find((p) => p.code === code);
  const latest = profile?.versions.at(-1);
  if (!profile || !latest) throw new Error(`unknown encoding profile ${code}`);
  return versionId(code, latest.version);
}

/** Box models, firmware, encoding profiles, packages, channels with logos, sources and pop-up windows. */
export async function seedLineup(
  ctx: SeedContext,
  mediaRoot: string,
): Promise<{ channels: SeededChannel[]; created: Record<string, number>; failovers: TSeededFailover[] }> {
  const { prisma, log } = ctx;
  const created: Record<string, number> = {};
  const count = async (table: string, rows: readonly unknown[], insert: () => Promise<{ count: number }>) => {
    created[table] = (await insert()).count;
    log(`seed: ${table} ${rows.length}/${rows.length}`);
  };

  const boxModels: Prisma.BoxModelCreateManyInput[] = BOX_MODELS.map(
    ({ serialPrefix, macByte, appVersion, firmware, videoCodecs, ...model }) => ({
      id: boxModelId(model.code),
      ...model,
      videoCodecs: [...videoCodecs],
      createdAt: ctx.daysAgo(Math.max(...firmware.map((f) => f.ageDays)) + 30),
    }),
  );
  await count('box models', boxModels, () =>
    prisma.boxModel.createMany({ data: boxModels, skipDuplicates: true }),
  );

  const firmware: Prisma.FirmwareVersionCreateManyInput[] = BOX_MODELS.flatMap((model) =>
    model.firmware.map((f) => ({
      id: firmwareId(model.code, f.version),
      boxModelId: boxModelId(model.code),
      version: f.version,
      releasedAt: ctx.daysAgo(f.ageDays),
      notes: f.notes,
      ...demoImage(model.code, f.version),
    })),
  );
  await count('firmware versions', firmware, () =>
    prisma.firmwareVersion.createMany({ data: firmware, skipDuplicates: true }),
  );

  const profiles: Prisma.EncodingProfileCreateManyInput[] = PROFILES.map((p) => ({
    id: profileId(p.code),
    code: p.code,
    name: p.name,
    description: p.description,
    createdAt: ctx.daysAgo(Math.max(...p.versions.map((v) => v.ageDays))),
  }));
  const versions: Prisma.EncodingProfileVersionCreateManyInput[] = PROFILES.flatMap((p) =>
    p.versions.map(({ rungs, ageDays, ...v }) => ({
      id: versionId(p.code, v.version),
      profileId: profileId(p.code),
      ...v,
      createdAt: ctx.daysAgo(ageDays),
    })),
  );
  const rungs: Prisma.ProfileRungCreateManyInput[] = PROFILES.flatMap((p) =>
    p.versions.flatMap((v) =>
      v.rungs.map((rung, index) => ({
        id: seedId('rung', `${p.code}:v${v.version}:${index + 1}`),
        versionId: versionId(p.code, v.version),
        ordinal: index + 1,
        ...rung,
        maxrateKbps: Math.round(rung.bitrateKbps * 1.1),
        bufsizeKbps: rung.bitrateKbps * 2,
        gopSeconds: 2,
      })),
    ),
  );
  await count('encoding profiles', profiles, () =>
    prisma.encodingProfile.createMany({ data: profiles, skipDuplicates: true }),
  );
  await count('profile versions', versions, () =>
    prisma.encodingProfileVersion.createMany({ data: versions, skipDuplicates: true }),
  );
  await count('profile rungs', rungs, () =>
    prisma.profileRung.createMany({ data: rungs, skipDuplicates: true }),
  );

  const packages: Prisma.PackageCreateManyInput[] = PACKAGES.map((p) => ({ id: packageId(p.code), ...p }));
  await count('packages', packages, () =>
    prisma.package.createMany({ data: packages, skipDuplicates: true }),
  );

  const channels: SeededChannel[] = CHANNELS.map((spec) => {
    const slug = slugify(spec.name);
    return { ...spec, slug, id: channelId(slug) };
  });
  const logoPaths = await writeLogos(mediaRoot, channels);
  const channelRows: Prisma.ChannelCreateManyInput[] = channels.map((c) => ({
    id: c.id,
    lcn: c.lcn,
    name: c.name,
    slug: c.slug,
    genre: c.genre,
    language: c.language,
    logoPath: logoPaths.get(c.slug) ?? null,
    state: c.state ?? 'LIVE',
    encodingProfileVersionId: latestVersionId(c.profile),
    createdAt: ctx.daysAgo(400 - c.lcn),
  }));
  await count('channels', channelRows, () =>
    prisma.channel.createMany({ data: channelRows, skipDuplicates: true }),
  );

  const packageChannels: Prisma.PackageChannelCreateManyInput[] = channels.flatMap((c) =>
    c.packages.map((code) => ({ packageId: packageId(code), channelId: c.id })),
  );
  await count('package channels', packageChannels, () =>
    prisma.packageChannel.createMany({ data: packageChannels, skipDuplicates: true }),
  );

  const random = new Random('sources');
  // Its own stream, so the sources' draws (and with them every existing demo database) stay as they were.
  const failoverRandom = new Random('failovers');
  const sources: Prisma.ChannelSourceCreateManyInput[] = [];
  const onAir: { channelId: string; sourceId: string; failover: TSeededFailover | null }[] = [];
  for (const c of channels) {
    const live = (c.state ?? 'LIVE') === 'LIVE';
    const primaryHealth: SourceHealth = live
      ? random.weighted([
          ['HEALTHY', 90],
          ['DEGRADED', 7],
          ['DOWN', 3],
        ] as const)
      : 'UNKNOWN';
    const backupHealth: SourceHealth = live
      ? random.weighted([
          ['HEALTHY', 95],
          ['DEGRADED', 5],
        ] as const)
      : 'UNKNOWN';
    const checkedAt = live ? new Date(ctx.now.getTime() - random.int(5, 55) * 1000) : null;
    const international = c.epg === 'english' || c.epg === 'german' || c.epg === 'world';
    const primaryUrl =
      c.primary === 'srt'
        ? `srt://contrib.${c.slug}.keten.example:9000?mode=caller&latency=200`
        : `udp://239.1.1.${c.lcn}:1234`;
    // A down primary says why, in the worker's words, and the channel records when it switched away from it.
    const failover: TSeededFailover | null =
      live && primaryHealth === 'DOWN'
        ? {
            channelId: c.id,
            fromSourceId: sourceId(c.slug, 1),
            toSourceId: sourceId(c.slug, 2),
            at: new Date(ctx.now.getTime() - failoverRandom.int(5, 50) * 60_000),
            cause: `no data from ${primaryUrl} for 10 s: the encoder stalled and exited`,
            primaryLabel: `Primary (${c.primary === 'srt' ? 'SRT' : 'UDP'})`,
          }
        : null;
    sources.push(
      c.primary === 'srt'
        ? {
            id: sourceId(c.slug, 1),
            channelId: c.id,
            priority: 1,
            protocol: 'SRT',
            url: primaryUrl,
            health: primaryHealth,
            lastCheckedAt: checkedAt,
            lastError: failover?.cause ?? null,
          }
        : {
            id: sourceId(c.slug, 1),
            channelId: c.id,
            priority: 1,
            protocol: 'UDP',
            url: primaryUrl,
            health: primaryHealth,
            lastCheckedAt: checkedAt,
            lastError: failover?.cause ?? null,
          },
      international
        ? {
            id: sourceId(c.slug, 2),
            channelId: c.id,
            priority: 2,
            protocol: 'HLS',
            url: `https://intl-origin.keten.example/${c.slug}/index.m3u8`,
            health: backupHealth,
            lastCheckedAt: checkedAt,
          }
        : {
            id: sourceId(c.slug, 2),
            channelId: c.id,
            priority: 2,
            protocol: 'HTTP_TS',
            url: `http://backup-headend.keten.example/live/${c.slug}.ts`,
            health: backupHealth,
            lastCheckedAt: checkedAt,
          },
    );
    // A channel whose primary is down has failed over to its backup.
    if (live) onAir.push({ channelId: c.id, sourceId: sourceId(c.slug, failover ? 2 : 1), failover });
  }
  await count('channel sources', sources, () =>
    prisma.channelSource.createMany({ data: sources, skipDuplicates: true }),
  );
  // Only channels that have no on-air source yet: a failover made since the last seed stays as it is.
  const updated = await prisma.$transaction(
    onAir.map(({ channelId, sourceId, failover }) =>
      prisma.channel.updateMany({
        where: { id: channelId, onAirSourceId: null },
        data: { onAirSourceId: sourceId, lastFailoverAt: failover?.at ?? null },
      }),
    ),
  );
  // The failovers this run recorded: their ingest events go to ClickHouse (seedIngestEvents), once.
  const failovers = onAir.flatMap(({ failover }, i) =>
    failover && updated[i]?.count === 1 ? [failover] : [],
  );

  const windows = popUpWindows(ctx, channels);
  await count('availability windows', windows, () =>
    prisma.availabilityWindow.createMany({ data: windows, skipDuplicates: true }),
  );

  return { channels, created, failovers };
}

function popUpWindows(
  ctx: SeedContext,
  channels: SeededChannel[],
): Prisma.AvailabilityWindowCreateManyInput[] {
  const [darts, christmas] = POP_UP_LCNS.map((lcn) => channels.find((c) => c.lcn === lcn));
  if (!darts || !christmas) throw new Error('pop-up channels missing from the line-up');
  const year = ctx.today.slice(0, 4);
  const dartsStart = amsterdamInstant(addCalendarDays(ctx.today, -2), 18 * 60);
  const christmasStart = amsterdamInstant(`${year}-12-01`);
  return [
    {
      // Keyed without dates so a re-run on a later day keeps the first run's window instead of adding one.
      id: seedId('window', `${darts.slug}:tournament`),
      channelId: darts.id,
      startsAt: dartsStart,
      endsAt: amsterdamInstant(addCalendarDays(ctx.today, 5), 23 * 60 + 30),
      note: 'Darts toernooi: alle wedstrijden live.',
    },
    {
      id: seedId('window', `${christmas.slug}:december`),
      channelId: christmas.id,
      startsAt: christmasStart,
      endsAt: amsterdamInstant(`${year}-12-27`),
      note: 'Kerstmuziek van 1 tot en met 26 december.',
    },
  ];
}
