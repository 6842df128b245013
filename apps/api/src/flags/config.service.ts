import type { Prisma, PrismaClient } from '@keten/db/client';
import { evaluateFlag, resolveConfig, type TDeviceFacts, ZConfigDocumentSchema } from '@keten/flags';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TDeliveryAssignment } from '../steering/steering.assign';
import { deliveryOf } from '../steering/steering.plan';
import type { TConfigSave } from './flags.schema';
import { deviceRails, type TBoxRail } from './rails.device';
import { currentSnapshot, dropSnapshot, EMPTY_CONFIG, type TFlagSnapshot } from './snapshot';

/** How often a box should ask again; with the snapshot's 5 s this keeps a change's way to a box under 30 s. */
export const POLL_AFTER_SECONDS = 15;

/** The central configuration in force and its history (newest first). */
export async function getConfig(prisma: PrismaClient) {
  const versions = await prisma.configVersion.findMany({
    select: { version: true, document: true, note: true, actorEmail: true, createdAt: true },
    orderBy: { version: 'desc' },
    take: 100,
  });
  const history = versions.map((row) => ({ ...row, document: ZConfigDocumentSchema.parse(row.document) }));
  return {
    version: history[0]?.version ?? 0,
    document: history[0]?.document ?? EMPTY_CONFIG,
    history,
  };
}

/** Saves the next version of the central configuration; refused when someone saved in between. */
export async function saveConfig(prisma: PrismaClient, actor: TActor, input: TConfigSave) {
  const known = new Set((await prisma.cohort.findMany({ select: { id: true } })).map((cohort) => cohort.id));
  input.document.overrides.forEach((override, index) => {
    if (!known.has(override.cohortId))
      throw new KetenError(
        'INVALID_INPUT',
        'No cohort with this id.',
        `document.overrides.${index}.cohortId`,
      );
  });
  const saved = await prisma.$transaction(async (tx) => {
    const latest = await tx.configVersion.findFirst({
      orderBy: { version: 'desc' },
      select: { version: true, document: true },
    });
    const current = latest?.version ?? 0;
    if (current !== input.expectedVersion) {
      throw new KetenError(
        'CONFLICT',
        `The configuration was saved (version ${current}) since you opened version ${input.expectedVersion}; reload and apply your edit again.`,
        'expectedVersion',
      );
    }
    // The primary key is the version: a racing save of the same number fails here instead of overwriting.
    const row = await tx.configVersion.create({
      data: {
        version: current + 1,
        document: input.document as Prisma.InputJsonValue,
        note: input.note || null,
        actorId: actor.id,
        actorEmail: actor.email,
      },
      select: { version: true },
    });
    await recordAudit(tx, actor, {
      action: 'config.update',
      entityType: 'ConfigVersion',
      entityId: String(row.version),
      before: latest ? { version: latest.version, document: latest.document } : undefined,
      after: { version: row.version, document: input.document },
    });
    return row;
  });
  dropSnapshot(prisma);
  return saved;
}

/**
 * What one box receives from /v1/config: the central configuration with its cohorts' overrides, every flag's
 * value and variant, its rails (server-driven content, `rails.device.ts`) and the edge it fetches media from
 * (`delivery`, edge steering: ../steering/README.md).
 */
export function deviceConfigBody(
  snapshot: TFlagSnapshot,
  device: TDeviceFacts,
  rails: TBoxRail[] = [],
  delivery: TDeliveryAssignment | null = null,
) {
  const config = resolveConfig(snapshot.config.document, device, snapshot.cohorts);
  const flags: Record<string, { value: unknown; variant: string }> = {};
  for (const flag of snapshot.flags) {
    const evaluation = evaluateFlag(flag, device, snapshot.cohorts);
    flags[flag.key] = { value: evaluation.value, variant: evaluation.variant };
  }
  return {
    configVersion: snapshot.config.version,
    settings: config.settings,
    flags,
    rails,
    // The edge this box fetches media from (steering/README.md); null while no edge has a base URL.
    delivery,
    pollAfterSeconds: POLL_AFTER_SECONDS,
  };
}

export async function deviceConfig(
  prisma: PrismaClient,
  device: TDeviceFacts,
  subscriberId: string | null = null,
) {
  const [snapshot, delivery] = await Promise.all([currentSnapshot(prisma), deliveryOf(prisma, device.id)]);
  return deviceConfigBody(
    snapshot,
    device,
    await deviceRails(prisma, snapshot, device, subscriberId),
    delivery,
  );
}
