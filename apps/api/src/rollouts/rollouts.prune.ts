// Thinning of rollout_guardrail_checks: the engine writes one row per running rollout every 30 s (2,880 a day). Checks
// older than a day keep only the last of each hour per rollout and wave, and every halt. README "The engine".
import type { PrismaClient } from '@keten/db/client';

/** Checks younger than this are all kept. */
export const CHECKS_KEPT_WHOLE_MS = 24 * 3_600_000;
/** Each cycle thins the checks aged between a day and this (any cycle within a day sees every hour go by). */
export const CHECKS_THINNED_UNTIL_MS = 48 * 3_600_000;

/**
 * One bounded DELETE, run by every engine cycle: of the checks aged one to two days (of rollouts ever started, read
 * through the (rollout, at) index), those that are neither the last of their rollout, wave and UTC hour nor a halt.
 * The ranking also sees the hour after the band, so an hour that straddles the one-day mark keeps none of its old
 * checks (its last is younger). Every check passes through the band for a day, so each hour ends with one row as long
 * as the engine runs at least once a day. Returns how many rows went.
 */
export function thinGuardrailChecks(prisma: Pick<PrismaClient, '$executeRaw'>, now: Date): Promise<number> {
  const newest = new Date(now.getTime() - CHECKS_KEPT_WHOLE_MS);
  const ranked = new Date(newest.getTime() + 3_600_000);
  const oldest = new Date(now.getTime() - CHECKS_THINNED_UNTIL_MS);
  return prisma.$executeRaw`
    DELETE FROM rollout_guardrail_checks AS c
    USING (
      SELECT id, at, row_number() OVER (
        PARTITION BY rollout_id, wave_ordinal, date_trunc('hour', at AT TIME ZONE 'UTC')
        ORDER BY at DESC, id DESC
      ) AS rank
      FROM rollout_guardrail_checks
      WHERE rollout_id IN (SELECT id FROM firmware_rollouts WHERE state <> 'DRAFT')
        AND at >= ${oldest} AND at < ${ranked}
    ) AS ranked
    WHERE c.id = ranked.id AND ranked.rank > 1 AND ranked.at < ${newest} AND c.verdict <> 'halt'`;
}
