import { type TDeviceTokenPair, ZRolloutGuardrailsSchema } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import type { startTestApi } from '../../test/harness';
import { activateThroughConsole } from '../device-api/device-api.fixtures';
import { dropFirmwareCache } from './firmware.cache';
import type { TGuardrailCheck, TGuardrailVerdict } from './guardrails';
import type { TJudge } from './rollouts.engine';
import { createRollout, startRollout } from './rollouts.service';
import { reaches } from './rollouts.targeting';

type TApi = Awaited<ReturnType<typeof startTestApi>>;

/** Test support: a judge that always gives `verdict`, with one rebuffering check saying so. */
export function scriptedJudge(verdict: () => TGuardrailVerdict): TJudge {
  return () => {
    const v = verdict();
    const check: TGuardrailCheck = {
      metric: 'rebufferingRatio',
      treatment: v === 'halt' ? 0.021 : 0.004,
      control: 0.004,
      delta: v === 'halt' ? 0.017 : 0,
      pValue: v === 'halt' ? 0.00001 : 0.9,
      z: v === 'halt' ? 6 : 0,
      threshold: 0.001,
      sufficient: v !== 'insufficient',
      breached: v === 'halt',
      reason:
        v === 'halt'
          ? 'Rebuffering ratio worse: 2.10 % on the new firmware vs 0.40 % on the others (scripted).'
          : 'Rebuffering ratio within bounds (scripted).',
    };
    return { verdict: v, checks: [check] };
  };
}

/** Test support: the seed's rollouts of a box model removed, so a test's own can start. */
export async function clearRollouts(prisma: PrismaClient, boxModel: string) {
  await prisma.firmwareRollout.deleteMany({ where: { firmwareVersion: { boxModel: { code: boxModel } } } });
  dropFirmwareCache(prisma);
}

/**
 * Test support: an ACTIVE box of the model on `firmware` that a rollout's `percent` reaches (or not), activated
 * through the console; its token pair.
 */
export async function boxFor(
  api: TApi,
  options: {
    boxModel: string;
    firmware: string;
    rolloutId: string;
    percent: number;
    inWave: boolean;
    /** Also not reached at this smaller share: a box of a later wave, not the first (buckets follow the rollout id). */
    notWithin?: number;
  },
): Promise<{ id: string; serial: string; pair: TDeviceTokenPair }> {
  const candidates = await api.prisma.device.findMany({
    where: {
      status: 'ACTIVE',
      subscriber: { status: 'ACTIVE' },
      boxModel: { code: options.boxModel },
      firmwareVersion: { version: options.firmware },
    },
    select: { id: true, serial: true },
    orderBy: { serial: 'asc' },
  });
  const box = candidates.find(
    (device) =>
      reaches(options.rolloutId, device.id, options.percent) === options.inWave &&
      (options.notWithin === undefined || !reaches(options.rolloutId, device.id, options.notWithin)),
  );
  if (!box)
    throw new Error(
      `no ${options.boxModel} box on ${options.firmware} ${options.inWave ? 'in' : 'outside'} the wave`,
    );
  return { ...box, pair: await activateThroughConsole(api, box.id) };
}

/**
 * Test support: a started rollout whose one wave (100 %) reaches exactly this box (a cohort naming it), to another
 * version of its model than the one it runs. The model's other rollouts are removed first.
 */
export async function rolloutReaching(api: TApi, deviceId: string) {
  const device = await api.prisma.device.findUniqueOrThrow({
    where: { id: deviceId },
    select: { boxModelId: true, firmwareVersionId: true, boxModel: { select: { code: true } } },
  });
  await clearRollouts(api.prisma, device.boxModel.code);
  const target = await api.prisma.firmwareVersion.findFirstOrThrow({
    where: {
      boxModelId: device.boxModelId,
      id: { not: device.firmwareVersionId ?? '' },
      imageUrl: { not: null },
    },
    orderBy: { releasedAt: 'desc' },
  });
  const cohort = await api.prisma.cohort.create({
    data: {
      key: `only-${deviceId.toLowerCase()}`,
      name: `Only ${deviceId}`,
      rule: { deviceIds: [deviceId] },
    },
  });
  const actor = { id: api.operators.PRODUCT.id, email: api.operators.PRODUCT.email, ip: null };
  const rollout = await createRollout(api.prisma, actor, {
    name: `To ${target.version}`,
    firmwareVersionId: target.id,
    rollbackFirmwareVersionId: null,
    cohortId: cohort.id,
    waves: [{ percent: 100, soakMinutes: 0 }],
    guardrails: ZRolloutGuardrailsSchema.parse({}),
  });
  await startRollout(api.deps, actor, rollout.id);
  return { rolloutId: rollout.id, version: target.version };
}
