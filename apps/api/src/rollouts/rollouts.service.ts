import type { TRolloutCreate, TRolloutState } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { activeFleet } from '../flags/fleet';
import { KetenError } from '../lib/errors';
import {
  firmwareOut,
  guardrailsOf,
  rolloutFields,
  scopeOf,
  type TRolloutRow,
  updatedDevices,
} from './rollouts.load';
import { countWaves, reachedPercent } from './rollouts.targeting';
import { applyTransition, type TTransitionDeps } from './rollouts.transitions';

/** Rollout states in which boxes may still be on their way to (or back from) a version: one per box model. */
const ACTIVE_STATES: TRolloutState[] = ['RUNNING', 'HALTED'];

/** The rollout as the console reads it, with per-wave targeted and updated counts over the active fleet. */
async function present(prisma: PrismaClient, row: TRolloutRow) {
  const scope = scopeOf(row);
  const [fleet, updated] = await Promise.all([
    activeFleet(prisma),
    updatedDevices(prisma, row.firmwareVersion.id),
  ]);
  const counts = countWaves(scope, row.waves, fleet, updated);
  const reached = reachedPercent(row.waves);
  const waves = row.waves.map((wave) => {
    const count = counts.waves.find((c) => c.ordinal === wave.ordinal);
    return { ...wave, targeted: count?.targeted ?? 0, updated: count?.updated ?? 0 };
  });
  const started = waves.filter((wave) => wave.startedAt !== null);
  return {
    ...row,
    guardrails: guardrailsOf(row),
    firmwareVersion: firmwareOut(row.firmwareVersion),
    rollbackFirmwareVersion: row.rollbackFirmwareVersion ? firmwareOut(row.rollbackFirmwareVersion) : null,
    waves,
    progress: {
      /** Active boxes of the model in the cohort. */
      eligible: counts.eligible,
      /** Cumulative percent reached (the highest started wave). */
      reachedPercent: reached,
      targeted: started.reduce((sum, wave) => sum + wave.targeted, 0),
      updated: started.reduce((sum, wave) => sum + wave.updated, 0),
      currentWave:
        row.waves.find((wave) => wave.state === 'RUNNING' || wave.state === 'HALTED')?.ordinal ?? null,
    },
  };
}

export async function listRollouts(prisma: PrismaClient, input: { states: TRolloutState[] }) {
  const rows = await prisma.firmwareRollout.findMany({
    where: input.states.length > 0 ? { state: { in: input.states } } : {},
    select: rolloutFields,
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
  return Promise.all(rows.map((row) => present(prisma, row)));
}

export async function getRollout(prisma: PrismaClient, id: string) {
  const row = await prisma.firmwareRollout.findUnique({ where: { id }, select: rolloutFields });
  if (!row) throw new KetenError('NOT_FOUND', 'No rollout with this id.', 'id');
  const [rollout, events, checks] = await Promise.all([
    present(prisma, row),
    prisma.rolloutEvent.findMany({
      where: { rolloutId: id },
      orderBy: { at: 'desc' },
      take: 200,
      select: {
        id: true,
        at: true,
        kind: true,
        fromState: true,
        toState: true,
        waveOrdinal: true,
        actorEmail: true,
        reason: true,
        figures: true,
      },
    }),
    prisma.rolloutGuardrailCheck.findMany({
      where: { rolloutId: id },
      orderBy: { at: 'desc' },
      take: 20,
      select: { id: true, waveOrdinal: true, at: true, verdict: true, checks: true, samples: true },
    }),
  ]);
  // The newest judgement of each wave, even when the running wave's checks pushed older waves' out of the last 20.
  const latestByWave = await Promise.all(
    rollout.waves.map((wave) =>
      prisma.rolloutGuardrailCheck.findFirst({
        where: { rolloutId: id, waveOrdinal: wave.ordinal },
        orderBy: { at: 'desc' },
        select: { id: true, waveOrdinal: true, at: true, verdict: true, checks: true, samples: true },
      }),
    ),
  );
  return {
    ...rollout,
    waves: rollout.waves.map((wave, index) => ({ ...wave, latestCheck: latestByWave[index] ?? null })),
    events,
    guardrailChecks: checks,
    latestCheck: checks[0] ?? null,
  };
}

export async function createRollout(prisma: PrismaClient, actor: TActor, input: TRolloutCreate) {
  const [firmware, cohort] = await Promise.all([
    prisma.firmwareVersion.findUnique({
      where: { id: input.firmwareVersionId },
      select: { id: true, boxModelId: true, releasedAt: true, imageUrl: true, sha256: true, sizeBytes: true },
    }),
    prisma.cohort.findUnique({ where: { id: input.cohortId }, select: { id: true } }),
  ]);
  if (!firmware)
    throw new KetenError('INVALID_INPUT', 'No firmware version with this id.', 'firmwareVersionId');
  if (!firmware.imageUrl || !firmware.sha256 || firmware.sizeBytes === null)
    throw new KetenError(
      'INVALID_INPUT',
      'This firmware version has no image yet (URL, SHA-256 and size): publish it first.',
      'firmwareVersionId',
    );
  if (!cohort) throw new KetenError('INVALID_INPUT', 'No cohort with this id.', 'cohortId');
  let rollbackId = input.rollbackFirmwareVersionId;
  if (rollbackId !== null) {
    const rollback = await prisma.firmwareVersion.findUnique({
      where: { id: rollbackId },
      select: { boxModelId: true },
    });
    if (!rollback)
      throw new KetenError('INVALID_INPUT', 'No firmware version with this id.', 'rollbackFirmwareVersionId');
    if (rollback.boxModelId !== firmware.boxModelId)
      throw new KetenError(
        'INVALID_INPUT',
        'must be a version of the same box model as the one rolled out',
        'rollbackFirmwareVersionId',
      );
  } else {
    // The model's newest version released before the target: what the boxes ran until now.
    const previous = await prisma.firmwareVersion.findFirst({
      where: {
        boxModelId: firmware.boxModelId,
        releasedAt: { lt: firmware.releasedAt },
        id: { not: firmware.id },
      },
      orderBy: { releasedAt: 'desc' },
      select: { id: true },
    });
    rollbackId = previous?.id ?? null;
  }
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.firmwareRollout.create({
      data: {
        name: input.name,
        firmwareVersionId: firmware.id,
        rollbackFirmwareVersionId: rollbackId,
        cohortId: cohort.id,
        guardrails: input.guardrails,
        createdById: actor.id || null,
        waves: { create: input.waves.map((wave, index) => ({ ...wave, ordinal: index + 1 })) },
        events: {
          create: { kind: 'CREATED', toState: 'DRAFT', actorId: actor.id || null, actorEmail: actor.email },
        },
      },
      select: { id: true, name: true, state: true },
    });
    await recordAudit(tx, actor, {
      action: 'rollout.create',
      entityType: 'FirmwareRollout',
      entityId: row.id,
      after: { ...input, rollbackFirmwareVersionId: rollbackId, state: row.state },
    });
    return row;
  });
  return getRollout(prisma, created.id);
}

async function loadRow(prisma: PrismaClient, id: string) {
  const row = await prisma.firmwareRollout.findUnique({ where: { id }, select: rolloutFields });
  if (!row) throw new KetenError('NOT_FOUND', 'No rollout with this id.', 'id');
  return row;
}

export const describeRollout = (row: Pick<TRolloutRow, 'name' | 'firmwareVersion'>) => ({
  rollout: row.name,
  firmware: `${row.firmwareVersion.boxModel.code} ${row.firmwareVersion.version}`,
});

export async function startRollout(deps: TTransitionDeps, actor: TActor, id: string, now = new Date()) {
  const row = await loadRow(deps.prisma, id);
  const busy = await deps.prisma.firmwareRollout.findFirst({
    where: {
      id: { not: id },
      state: { in: ACTIVE_STATES },
      firmwareVersion: { boxModelId: row.firmwareVersion.boxModel.id },
    },
    select: { name: true },
  });
  if (busy)
    throw new KetenError(
      'CONFLICT',
      `Rollout "${busy.name}" is still running or halted on this box model: finish, roll back or complete it first.`,
      'id',
    );
  const first = row.waves[0];
  if (!first) throw new KetenError('CONFLICT', 'This rollout has no waves.', 'id');
  await applyTransition(deps, {
    rolloutId: id,
    from: ['DRAFT'],
    to: 'RUNNING',
    kind: 'STARTED',
    action: 'rollout.start',
    actor,
    reason: null,
    waveOrdinal: first.ordinal,
    data: { startedAt: now, haltReason: null },
    waves: [{ ordinal: first.ordinal, data: { state: 'RUNNING', startedAt: now } }],
    notice: {
      severity: 'INFO',
      message: `Rollout ${row.name} started: wave ${first.ordinal} reaches ${first.percent} % of the cohort.`,
      dimensions: { ...describeRollout(row), wave: String(first.ordinal) },
      percent: first.percent,
      open: false,
    },
    now,
  });
  return getRollout(deps.prisma, id);
}

export async function haltRollout(
  deps: TTransitionDeps,
  actor: TActor,
  input: { id: string; reason: string },
  now = new Date(),
) {
  const row = await loadRow(deps.prisma, input.id);
  const wave = row.waves.find((w) => w.state === 'RUNNING');
  await applyTransition(deps, {
    rolloutId: input.id,
    from: ['RUNNING'],
    to: 'HALTED',
    kind: 'HALTED',
    action: 'rollout.halt',
    actor,
    reason: input.reason,
    waveOrdinal: wave?.ordinal ?? null,
    data: { haltReason: input.reason },
    waves: wave ? [{ ordinal: wave.ordinal, data: { state: 'HALTED' } }] : [],
    notice: {
      severity: 'WARNING',
      message: `Rollout ${row.name} halted by ${actor.email}${wave ? ` at wave ${wave.ordinal} (${wave.percent} %)` : ''}: ${input.reason}`,
      dimensions: { ...describeRollout(row), ...(wave ? { wave: String(wave.ordinal) } : {}) },
      percent: reachedPercent(row.waves),
      open: true,
    },
    now,
  });
  return getRollout(deps.prisma, input.id);
}

export async function resumeRollout(
  deps: TTransitionDeps,
  actor: TActor,
  input: { id: string; reason: string | null },
  now = new Date(),
) {
  const row = await loadRow(deps.prisma, input.id);
  const wave = row.waves.find((w) => w.state === 'HALTED');
  await applyTransition(deps, {
    rolloutId: input.id,
    from: ['HALTED'],
    to: 'RUNNING',
    kind: 'RESUMED',
    action: 'rollout.resume',
    actor,
    reason: input.reason,
    waveOrdinal: wave?.ordinal ?? null,
    data: { haltReason: null },
    // The soak starts over, and the guardrails judge from now: the halted stretch is not held against the wave.
    waves: wave ? [{ ordinal: wave.ordinal, data: { state: 'RUNNING', startedAt: now } }] : [],
    notice: {
      severity: 'INFO',
      message: `Rollout ${row.name} resumed by ${actor.email}${wave ? `: wave ${wave.ordinal} (${wave.percent} %) soaks again` : ''}${input.reason ? ` (${input.reason})` : ''}.`,
      dimensions: { ...describeRollout(row), ...(wave ? { wave: String(wave.ordinal) } : {}) },
      percent: reachedPercent(row.waves),
      open: false,
    },
    now,
  });
  return getRollout(deps.prisma, input.id);
}

export async function rollbackRollout(
  deps: TTransitionDeps,
  actor: TActor,
  input: { id: string; reason: string },
  now = new Date(),
) {
  const row = await loadRow(deps.prisma, input.id);
  if (!row.rollbackFirmwareVersion)
    throw new KetenError(
      'CONFLICT',
      'This rollout has no previous version to return to (the box model has no older firmware).',
      'id',
    );
  const wave = row.waves.find((w) => w.state === 'RUNNING' || w.state === 'HALTED');
  await applyTransition(deps, {
    rolloutId: input.id,
    from: ['RUNNING', 'HALTED', 'COMPLETED'],
    to: 'ROLLED_BACK',
    kind: 'ROLLED_BACK',
    action: 'rollout.rollback',
    actor,
    reason: input.reason,
    waveOrdinal: wave?.ordinal ?? null,
    data: { finishedAt: now, haltReason: input.reason },
    waves: wave ? [{ ordinal: wave.ordinal, data: { state: 'HALTED', finishedAt: now } }] : [],
    notice: {
      severity: 'WARNING',
      message: `Rollout ${row.name} rolled back by ${actor.email}: the ${reachedPercent(row.waves)} % it reached are told to install ${row.rollbackFirmwareVersion.version} again. ${input.reason}`,
      dimensions: describeRollout(row),
      percent: reachedPercent(row.waves),
      open: false,
    },
    now,
  });
  return getRollout(deps.prisma, input.id);
}
