import {
  type TLadderInput,
  type TProfileCreateInput,
  type TProfileRollbackInput,
  type TProfileSaveInput,
  validateLadder,
} from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { compatibilityImpact, describeImpact } from './compatibility.service';

export const rungFields = {
  ordinal: true,
  codec: true,
  profile: true,
  level: true,
  width: true,
  height: true,
  fps: true,
  bitrateKbps: true,
  maxrateKbps: true,
  bufsizeKbps: true,
  gopSeconds: true,
} satisfies Prisma.ProfileRungSelect;

export const versionFields = {
  id: true,
  version: true,
  segmentSeconds: true,
  audioCodec: true,
  audioBitrateKbps: true,
  audioChannels: true,
  note: true,
  createdAt: true,
  createdBy: { select: { email: true, name: true } },
  rungs: { select: rungFields, orderBy: { ordinal: 'asc' } },
  _count: { select: { channels: true } },
} satisfies Prisma.EncodingProfileVersionSelect;

/** Every profile with its current (highest) version and how many channels pin any of its versions. */
export async function listProfiles(prisma: PrismaClient) {
  const profiles = await prisma.encodingProfile.findMany({
    orderBy: { code: 'asc' },
    select: {
      id: true,
      code: true,
      name: true,
      description: true,
      versions: { orderBy: { version: 'desc' }, select: versionFields },
    },
  });
  return profiles.map(({ versions, ...profile }) => ({
    ...profile,
    current: versions[0] ?? null,
    versionCount: versions.length,
    channelCount: versions.reduce((sum, v) => sum + v._count.channels, 0),
  }));
}

export async function getProfile(prisma: PrismaClient, id: string) {
  const profile = await prisma.encodingProfile.findUnique({
    where: { id },
    select: {
      id: true,
      code: true,
      name: true,
      description: true,
      versions: { orderBy: { version: 'desc' }, select: versionFields },
    },
  });
  if (!profile) throw new KetenError('NOT_FOUND', 'No encoding profile with this id.', 'id');
  return profile;
}

function assertValidLadder(ladder: TLadderInput) {
  const issues = validateLadder(ladder);
  const first = issues[0];
  if (first) {
    const message = `${first.field} ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`;
    throw new KetenError('INVALID_INPUT', message, first.field, { issues });
  }
}

function ladderData(ladder: TLadderInput) {
  return {
    segmentSeconds: ladder.segmentSeconds,
    audioCodec: ladder.audioCodec,
    audioBitrateKbps: ladder.audioBitrateKbps,
    audioChannels: ladder.audioChannels,
    rungs: { create: ladder.rungs.map((rung, index) => ({ ...rung, ordinal: index + 1 })) },
  };
}

type TTx = Prisma.TransactionClient;
const snapshot = (v: { version: number } & TLadderInput & { note: string | null }) => ({
  version: v.version,
  note: v.note,
  segmentSeconds: v.segmentSeconds,
  audioCodec: v.audioCodec,
  audioBitrateKbps: v.audioBitrateKbps,
  audioChannels: v.audioChannels,
  rungs: v.rungs,
});

/** Adds a version to a profile after the ladder and compatibility checks; the caller writes the audit entry. */
async function addVersion(
  tx: TTx,
  actor: TActor,
  profileId: string,
  ladder: TLadderInput,
  note: string | undefined,
  confirmIncompatible: boolean | undefined,
) {
  const latest = await tx.encodingProfileVersion.findFirst({
    where: { profileId },
    orderBy: { version: 'desc' },
    select: versionFields,
  });
  const impact = await compatibilityImpact(tx, { profileId }, ladder.rungs);
  if (impact.boxModels.length > 0 && !confirmIncompatible) {
    throw new KetenError('COMPATIBILITY_REFUSED', describeImpact(impact), 'rungs', { ...impact });
  }
  const created = await tx.encodingProfileVersion.create({
    data: {
      profileId,
      version: (latest?.version ?? 0) + 1,
      note: note ?? null,
      createdById: actor.id,
      ...ladderData(ladder),
    },
    select: versionFields,
  });
  return { latest, created, impact };
}

const conflictOnRace = (error: unknown): never => {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw new KetenError('CONFLICT', 'Someone saved this profile at the same moment; reload and try again.');
  }
  throw error;
};

export async function saveProfileVersion(prisma: PrismaClient, actor: TActor, input: TProfileSaveInput) {
  assertValidLadder(input);
  return prisma
    .$transaction(async (tx) => {
      const profile = await tx.encodingProfile.findUnique({
        where: { id: input.profileId },
        select: { id: true },
      });
      if (!profile) throw new KetenError('NOT_FOUND', 'No encoding profile with this id.', 'profileId');
      const { latest, created, impact } = await addVersion(
        tx,
        actor,
        profile.id,
        input,
        input.note,
        input.confirmIncompatible,
      );
      await recordAudit(tx, actor, {
        action: 'profile.version.create',
        entityType: 'EncodingProfile',
        entityId: profile.id,
        before: latest ? snapshot(latest) : undefined,
        after: { ...snapshot(created), confirmedIncompatible: impact.boxModels.length > 0, impact },
      });
      return created;
    })
    .catch(conflictOnRace);
}

/** Rolling back never rewrites history: it adds a new version that copies the earlier one. */
export async function rollbackProfile(prisma: PrismaClient, actor: TActor, input: TProfileRollbackInput) {
  return prisma
    .$transaction(async (tx) => {
      const source = await tx.encodingProfileVersion.findUnique({
        where: { profileId_version: { profileId: input.profileId, version: input.toVersion } },
        select: versionFields,
      });
      if (!source)
        throw new KetenError('NOT_FOUND', `Version ${input.toVersion} does not exist.`, 'toVersion');
      const ladder = { ...source, rungs: source.rungs.map(({ ordinal: _, ...rung }) => rung) };
      const note = `Rollback to version ${source.version}.`;
      const { latest, created, impact } = await addVersion(
        tx,
        actor,
        input.profileId,
        ladder,
        note,
        input.confirmIncompatible,
      );
      await recordAudit(tx, actor, {
        action: 'profile.rollback',
        entityType: 'EncodingProfile',
        entityId: input.profileId,
        before: latest ? snapshot(latest) : undefined,
        after: {
          ...snapshot(created),
          rolledBackTo: source.version,
          confirmedIncompatible: impact.boxModels.length > 0,
        },
      });
      return created;
    })
    .catch(conflictOnRace);
}

export async function createProfile(prisma: PrismaClient, actor: TActor, input: TProfileCreateInput) {
  assertValidLadder(input);
  return prisma
    .$transaction(async (tx) => {
      const created = await tx.encodingProfile.create({
        data: {
          code: input.code,
          name: input.name,
          description: input.description ?? null,
          versions: {
            create: { version: 1, note: 'Initial ladder.', createdById: actor.id, ...ladderData(input) },
          },
        },
        select: { id: true, code: true, name: true, description: true, versions: { select: versionFields } },
      });
      await recordAudit(tx, actor, {
        action: 'profile.create',
        entityType: 'EncodingProfile',
        entityId: created.id,
        after: created,
      });
      return created;
    })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new KetenError('CONFLICT', 'A profile with this code already exists.', 'code');
      }
      throw error;
    });
}
