import type { TRolloutEventKind, TRolloutState } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { queueAlertDeliveries } from '../alerts/alerts.runtime';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import { dropFirmwareCache } from './firmware.cache';
import { notifyRolloutChange, type TRolloutNotice } from './rollouts.notify';

/** The engine's actor in the audit log and the events ("Rollout engine"). */
export const ENGINE_ACTOR: TActor = { id: '', email: 'system:rollout-engine', ip: null };

export interface TTransitionDeps {
  prisma: PrismaClient;
  redis: Redis;
  workerQueuePrefix?: string | undefined;
}

export interface TTransition {
  rolloutId: string;
  /** States the change may start from; another state means someone (or the engine) moved first: CONFLICT. */
  from: readonly TRolloutState[];
  to: TRolloutState;
  kind: TRolloutEventKind;
  /** The audit action, e.g. "rollout.halt". */
  action: string;
  actor: TActor;
  reason: string | null;
  waveOrdinal: number | null;
  figures?: Prisma.InputJsonValue;
  /** Rollout columns changed besides the state (haltReason, startedAt, finishedAt). */
  data?: Omit<Prisma.FirmwareRolloutUpdateManyMutationInput, 'state'>;
  /** Wave rows changed in the same transaction. */
  waves?: { ordinal: number; data: Prisma.RolloutWaveUpdateManyMutationInput }[];
  /** Further events written with this one (a wave that completes as the next starts). */
  extraEvents?: { kind: TRolloutEventKind; waveOrdinal: number | null; reason: string | null }[];
  notice: Omit<TRolloutNotice, 'rolloutId'>;
  now: Date;
}

/**
 * One state change, all or nothing: the conditional update of the rollout (so the engine and a person, or two
 * replicas, cannot both move it), its waves, the event, the audit entry and the alert notification with its
 * webhook deliveries. The deliveries are queued after the commit. Returns null when the rollout was no longer in
 * a `from` state and `quiet` is set (the engine), else throws CONFLICT naming the state it is in.
 */
export async function applyTransition(
  deps: TTransitionDeps,
  change: TTransition,
  quiet = false,
): Promise<{ deliveryIds: string[] } | null> {
  const result = await deps.prisma.$transaction(async (tx) => {
    const before = await tx.firmwareRollout.findUnique({
      where: { id: change.rolloutId },
      select: { id: true, name: true, state: true },
    });
    if (!before) throw new KetenError('NOT_FOUND', 'No rollout with this id.', 'id');
    const moved = await tx.firmwareRollout.updateMany({
      where: { id: change.rolloutId, state: { in: [...change.from] } },
      data: { ...change.data, state: change.to },
    });
    if (moved.count === 0) {
      if (quiet) return null;
      throw new KetenError(
        'CONFLICT',
        `The rollout is ${before.state.toLowerCase().replace('_', ' ')}; this needs it ${change.from
          .map((state) => state.toLowerCase().replace('_', ' '))
          .join(' or ')}.`,
        'id',
        { state: before.state },
      );
    }
    for (const wave of change.waves ?? []) {
      await tx.rolloutWave.updateMany({
        where: { rolloutId: change.rolloutId, ordinal: wave.ordinal },
        data: wave.data,
      });
    }
    const actorId = change.actor.id || null;
    for (const extra of change.extraEvents ?? []) {
      await tx.rolloutEvent.create({
        data: {
          rolloutId: change.rolloutId,
          at: change.now,
          kind: extra.kind,
          fromState: before.state,
          toState: change.to,
          waveOrdinal: extra.waveOrdinal,
          actorId,
          actorEmail: change.actor.email,
          reason: extra.reason,
        },
      });
    }
    await tx.rolloutEvent.create({
      data: {
        rolloutId: change.rolloutId,
        // After the extra events, so the timeline reads in order.
        at: new Date(change.now.getTime() + (change.extraEvents?.length ? 1 : 0)),
        kind: change.kind,
        fromState: before.state,
        toState: change.to,
        waveOrdinal: change.waveOrdinal,
        actorId,
        actorEmail: change.actor.email,
        reason: change.reason,
        ...(change.figures === undefined ? {} : { figures: change.figures }),
      },
    });
    await recordAudit(tx, change.actor, {
      action: change.action,
      entityType: 'FirmwareRollout',
      entityId: change.rolloutId,
      before: { name: before.name, state: before.state },
      after: {
        name: before.name,
        state: change.to,
        waveOrdinal: change.waveOrdinal,
        reason: change.reason,
        ...(change.figures === undefined ? {} : { figures: change.figures }),
      },
    });
    const deliveryIds = await notifyRolloutChange(
      tx,
      { ...change.notice, rolloutId: change.rolloutId },
      change.now,
    );
    return { deliveryIds };
  });
  if (result) dropFirmwareCache(deps.prisma);
  if (result && result.deliveryIds.length > 0) {
    // Lost here (Redis down), the alerts cycle queues them again once they are 2 min old.
    await queueAlertDeliveries(deps.redis, result.deliveryIds, deps.workerQueuePrefix).catch(() => undefined);
  }
  return result;
}
