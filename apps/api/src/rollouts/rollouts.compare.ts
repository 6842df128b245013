import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { KetenError } from '../lib/errors';
import { armValues } from './guardrails';
import { compareSeries } from './guardrails.query';

/** About this many points per chart, whatever the window. */
const POINTS = 60;
const STEPS_SECONDS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 24 * 3600];

/**
 * Cohort-vs-control series for the console's charts: per time bucket, the wave's boxes (on the new firmware) against
 * the same model's boxes on any other firmware, for each guardrail metric, with the sample behind each point.
 * Window: the given one, else from the current (or last started) wave's start to now (or to the rollout's end).
 */
export async function compareRollout(
  deps: { prisma: PrismaClient; clickhouse: TKetenClickHouse },
  input: { id: string; from: Date | null; to: Date | null },
  now = new Date(),
) {
  const row = await deps.prisma.firmwareRollout.findUnique({
    where: { id: input.id },
    select: {
      startedAt: true,
      finishedAt: true,
      firmwareVersion: { select: { version: true, boxModel: { select: { code: true } } } },
      waves: { select: { ordinal: true, startedAt: true }, orderBy: { ordinal: 'asc' } },
    },
  });
  if (!row) throw new KetenError('NOT_FOUND', 'No rollout with this id.', 'id');
  const lastStarted = row.waves.filter((wave) => wave.startedAt !== null).at(-1);
  const from = input.from ?? lastStarted?.startedAt ?? row.startedAt ?? new Date(now.getTime() - 3600_000);
  const to = input.to ?? row.finishedAt ?? now;
  if (to <= from) throw new KetenError('INVALID_INPUT', 'must be after from', 'to');
  const spanSeconds = (to.getTime() - from.getTime()) / 1000;
  const stepSeconds = STEPS_SECONDS.find((step) => spanSeconds / step <= POINTS) ?? 24 * 3600;
  const points = await compareSeries(deps.clickhouse, {
    boxModel: row.firmwareVersion.boxModel.code,
    targetFirmware: row.firmwareVersion.version,
    from,
    to,
    stepSeconds,
  });
  return {
    from,
    to,
    stepSeconds,
    boxModel: row.firmwareVersion.boxModel.code,
    firmware: row.firmwareVersion.version,
    points: points.map((point) => ({
      at: point.at,
      treatment: {
        ...armValues(point.treatment),
        attempts: point.treatment.attempts,
        plays: point.treatment.plays,
      },
      control: { ...armValues(point.control), attempts: point.control.attempts, plays: point.control.plays },
    })),
  };
}
