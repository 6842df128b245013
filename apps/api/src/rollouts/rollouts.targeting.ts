import { bucketOf, inShare, matchCohort, type TCohortRule, type TDeviceFacts } from '@keten/flags';

/** What decides which boxes a rollout reaches. */
export interface TRolloutScope {
  id: string;
  /** The box model of the rollout's firmware: only its boxes can be reached. */
  boxModel: string;
  /** The version rolled out, and the one a rollback returns to (null: none known). */
  targetVersion: string;
  previousVersion: string | null;
  cohort: { key: string; rule: TCohortRule };
}

/**
 * Whether the box belongs to the rollout's population: the firmware's box model and the cohort. A box already on
 * the rolled-out version is matched as if it still ran the previous one, so a cohort saying "firmware 1.9.0" keeps
 * the boxes it updated (their wave must still reach them for a rollback).
 */
export function inPopulation(scope: TRolloutScope, device: TDeviceFacts): boolean {
  if (device.boxModel !== scope.boxModel) return false;
  const firmware = device.firmware === scope.targetVersion ? scope.previousVersion : device.firmware;
  return matchCohort(scope.cohort, { ...device, firmware }).matched;
}

/**
 * The box's bucket for this rollout: the flags engine's sticky bucket (`bucketOf`) keyed by the rollout's id, so a
 * rollout's waves grow as one set (the 1 % stay in at 5 %) and two rollouts pick independent boxes.
 */
export const rolloutBucket = (rolloutId: string, deviceId: string) => bucketOf(rolloutId, deviceId);

/** Whether a wave reaching `percent` (cumulative) reaches the box. */
export function reaches(rolloutId: string, deviceId: string, percent: number): boolean {
  return percent > 0 && inShare(rolloutBucket(rolloutId, deviceId), percent);
}

/** The cumulative share a rollout has reached: the highest percent among its waves that started. */
export function reachedPercent(waves: readonly { percent: number; startedAt: Date | null }[]): number {
  return waves.reduce((max, wave) => (wave.startedAt && wave.percent > max ? wave.percent : max), 0);
}

export interface TWaveCount {
  ordinal: number;
  percent: number;
  /** Boxes this wave adds: their bucket lies between the previous wave's percent and this one's. */
  targeted: number;
  /** Of those, boxes that reported the new version and then played a first frame on it. */
  updated: number;
}

/** Per wave, the boxes it reaches and how many of them are updated, over the population given. */
export function countWaves(
  scope: TRolloutScope,
  waves: readonly { ordinal: number; percent: number }[],
  population: readonly TDeviceFacts[],
  updated: ReadonlySet<string>,
): { eligible: number; waves: TWaveCount[] } {
  const members = population.filter((device) => inPopulation(scope, device));
  const sorted = [...waves].sort((a, b) => a.ordinal - b.ordinal);
  const counts = sorted.map((wave) => ({
    ordinal: wave.ordinal,
    percent: wave.percent,
    targeted: 0,
    updated: 0,
  }));
  for (const device of members) {
    const bucket = rolloutBucket(scope.id, device.id);
    const wave = counts.find((count) => inShare(bucket, count.percent));
    if (!wave) continue;
    wave.targeted += 1;
    if (updated.has(device.id)) wave.updated += 1;
  }
  return { eligible: members.length, waves: counts };
}
