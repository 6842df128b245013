import { type TRolloutGuardrails, ZRolloutGuardrailsSchema } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { ZCohortRuleSchema } from '@keten/flags';
import type { TRolloutScope } from './rollouts.targeting';

const firmwareFields = {
  id: true,
  version: true,
  notes: true,
  imageUrl: true,
  sha256: true,
  sizeBytes: true,
  releasedAt: true,
  boxModel: { select: { id: true, code: true, vendor: true, name: true } },
} satisfies Prisma.FirmwareVersionSelect;

export const rolloutFields = {
  id: true,
  name: true,
  state: true,
  guardrails: true,
  haltReason: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  finishedAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
  firmwareVersion: { select: firmwareFields },
  rollbackFirmwareVersion: { select: firmwareFields },
  cohort: { select: { id: true, key: true, name: true, rule: true } },
  waves: {
    select: {
      ordinal: true,
      percent: true,
      soakMinutes: true,
      state: true,
      startedAt: true,
      finishedAt: true,
    },
    orderBy: { ordinal: 'asc' },
  },
} satisfies Prisma.FirmwareRolloutSelect;

export type TRolloutRow = Prisma.FirmwareRolloutGetPayload<{ select: typeof rolloutFields }>;

export function scopeOf(row: TRolloutRow): TRolloutScope {
  return {
    id: row.id,
    boxModel: row.firmwareVersion.boxModel.code,
    targetVersion: row.firmwareVersion.version,
    previousVersion: row.rollbackFirmwareVersion?.version ?? null,
    cohort: { key: row.cohort.key, rule: ZCohortRuleSchema.parse(row.cohort.rule) },
  };
}

/** Stored guardrails through today's schema: fields added later take their defaults. */
export function guardrailsOf(row: Pick<TRolloutRow, 'guardrails'>): TRolloutGuardrails {
  const parsed = ZRolloutGuardrailsSchema.safeParse(row.guardrails ?? {});
  return parsed.success ? parsed.data : ZRolloutGuardrailsSchema.parse({});
}

/** Firmware as the console and boxes read it: the size as a number (a JS number holds any image size exactly). */
export function firmwareOut<T extends { sizeBytes: bigint | null }>(firmware: T) {
  return { ...firmware, sizeBytes: firmware.sizeBytes === null ? null : Number(firmware.sizeBytes) };
}

/** Boxes counted as updated to the version: they reported it and then played a first frame on it. */
export async function updatedDevices(prisma: PrismaClient, firmwareVersionId: string): Promise<Set<string>> {
  const rows = await prisma.deviceFirmwareReport.findMany({
    where: { firmwareVersionId, firstFrameAt: { not: null } },
    select: { deviceId: true },
  });
  return new Set(rows.map((row) => row.deviceId));
}
