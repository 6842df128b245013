import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { Prisma } from '@keten/db/client';
import { judgeWave, type TArmStats, type TWaveJudgement } from './guardrails';
import { waveArms } from './guardrails.rollup';
import { confirmUpdates } from './rollouts.confirm';
import { guardrailsOf, rolloutFields, type TRolloutRow } from './rollouts.load';
import { thinGuardrailChecks } from './rollouts.prune';
import { describeRollout } from './rollouts.service';
import { applyTransition, ENGINE_ACTOR, type TTransitionDeps } from './rollouts.transitions';

export interface TEngineDeps extends TTransitionDeps {
  clickhouse: TKetenClickHouse;
}

/** What judges a wave (guardrails.ts); tests may put a scripted verdict in its place. */
export type TJudge = (treatment: TArmStats, control: TArmStats, row: TRolloutRow) => TWaveJudgement;
export const defaultJudge: TJudge = (treatment, control, row) =>
  judgeWave(treatment, control, guardrailsOf(row));

export interface TTickReport {
  /** Boxes newly counted as updated (report + first frame). */
  confirmed: number;
  judged: { rolloutId: string; waveOrdinal: number; verdict: TWaveJudgement['verdict'] }[];
  /** State changes made: "halted", "wave 2 started", "completed". */
  changes: { rolloutId: string; change: string }[];
  failed: { rolloutId: string; error: unknown }[];
  /** Guardrail checks thinned away (rollouts.prune.ts). */
  thinned: number;
}

const reasonsOf = (judgement: TWaveJudgement) =>
  judgement.checks
    .filter((check) => check.breached)
    .map((check) => check.reason)
    .join(' ');

/**
 * One engine cycle at `now` (every 30 s, one replica: rollouts.runtime.ts). Confirms updated boxes, then for each
 * running rollout judges its running wave over [wave start, now): a halt verdict halts it at once; a wave whose soak
 * is over advances (the next wave starts, or the rollout completes) only on a pass; "insufficient" waits for data.
 * A wave with soak 0 advances without waiting for a verdict (unless one says halt). Last, the checks older than a day
 * are thinned to one an hour (rollouts.prune.ts).
 */
export async function tickRollouts(
  deps: TEngineDeps,
  now: Date,
  judge: TJudge = defaultJudge,
): Promise<TTickReport> {
  const report: TTickReport = { confirmed: 0, judged: [], changes: [], failed: [], thinned: 0 };
  const live = await deps.prisma.firmwareRollout.findMany({
    where: { state: { in: ['RUNNING', 'HALTED', 'COMPLETED'] } },
    select: rolloutFields,
  });
  report.confirmed = await confirmUpdates(deps, [...new Set(live.map((row) => row.firmwareVersion.id))]);
  for (const row of live) {
    if (row.state !== 'RUNNING') continue;
    try {
      await tickOne(deps, row, now, judge, report);
    } catch (error) {
      report.failed.push({ rolloutId: row.id, error });
    }
  }
  report.thinned = await thinGuardrailChecks(deps.prisma, now);
  return report;
}

async function tickOne(deps: TEngineDeps, row: TRolloutRow, now: Date, judge: TJudge, report: TTickReport) {
  const wave = row.waves.find((w) => w.state === 'RUNNING');
  if (!wave?.startedAt) return;
  const arms = await waveArms(deps.clickhouse, {
    boxModel: row.firmwareVersion.boxModel.code,
    targetFirmware: row.firmwareVersion.version,
    from: wave.startedAt,
    to: now,
  });
  const judgement = judge(arms.treatment, arms.control, row);
  const samples = {
    treatment: {
      attempts: arms.treatment.attempts,
      plays: arms.treatment.plays,
      devices: arms.treatment.devices,
    },
    control: { attempts: arms.control.attempts, plays: arms.control.plays, devices: arms.control.devices },
  };
  await deps.prisma.rolloutGuardrailCheck.create({
    data: {
      rolloutId: row.id,
      waveOrdinal: wave.ordinal,
      at: now,
      verdict: judgement.verdict,
      checks: judgement.checks as unknown as Prisma.InputJsonValue,
      samples,
    },
  });
  report.judged.push({ rolloutId: row.id, waveOrdinal: wave.ordinal, verdict: judgement.verdict });
  const figures = { checks: judgement.checks, samples } as unknown as Prisma.InputJsonValue;
  const dimensions = { ...describeRollout(row), wave: String(wave.ordinal) };

  if (judgement.verdict === 'halt') {
    const reason = `Guardrails breached at wave ${wave.ordinal} (${wave.percent} %): ${reasonsOf(judgement)}`;
    const done = await applyTransition(
      deps,
      {
        rolloutId: row.id,
        from: ['RUNNING'],
        to: 'HALTED',
        kind: 'HALTED',
        action: 'rollout.halt',
        actor: ENGINE_ACTOR,
        reason,
        waveOrdinal: wave.ordinal,
        figures,
        data: { haltReason: reason },
        waves: [{ ordinal: wave.ordinal, data: { state: 'HALTED' } }],
        notice: {
          severity: 'CRITICAL',
          message: `Rollout ${row.name} halted by its guardrails. ${reason}`,
          dimensions,
          percent: wave.percent,
          open: true,
        },
        now,
      },
      true,
    );
    if (done) report.changes.push({ rolloutId: row.id, change: 'halted' });
    return;
  }

  const soaked = now.getTime() - wave.startedAt.getTime() >= wave.soakMinutes * 60_000;
  if (!soaked || (judgement.verdict !== 'pass' && wave.soakMinutes > 0)) return;
  const next = row.waves.find((w) => w.ordinal > wave.ordinal);
  const completedWave = {
    ordinal: wave.ordinal,
    data: { state: 'COMPLETED' as const, finishedAt: now },
  };
  if (next) {
    const done = await applyTransition(
      deps,
      {
        rolloutId: row.id,
        from: ['RUNNING'],
        to: 'RUNNING',
        kind: 'WAVE_STARTED',
        action: 'rollout.advance',
        actor: ENGINE_ACTOR,
        reason: `Wave ${wave.ordinal} soaked ${wave.soakMinutes} min with ${judgement.verdict === 'pass' ? 'passing guardrails' : 'no soak required'}.`,
        waveOrdinal: next.ordinal,
        figures,
        waves: [completedWave, { ordinal: next.ordinal, data: { state: 'RUNNING', startedAt: now } }],
        extraEvents: [{ kind: 'WAVE_COMPLETED', waveOrdinal: wave.ordinal, reason: null }],
        notice: {
          severity: 'INFO',
          message: `Rollout ${row.name}: wave ${wave.ordinal} (${wave.percent} %) passed, wave ${next.ordinal} reaches ${next.percent} % of the cohort.`,
          dimensions: { ...dimensions, wave: String(next.ordinal) },
          percent: next.percent,
          open: false,
        },
        now,
      },
      true,
    );
    if (done) report.changes.push({ rolloutId: row.id, change: `wave ${next.ordinal} started` });
    return;
  }
  const done = await applyTransition(
    deps,
    {
      rolloutId: row.id,
      from: ['RUNNING'],
      to: 'COMPLETED',
      kind: 'COMPLETED',
      action: 'rollout.complete',
      actor: ENGINE_ACTOR,
      reason: null,
      waveOrdinal: wave.ordinal,
      figures,
      data: { finishedAt: now },
      waves: [completedWave],
      extraEvents: [{ kind: 'WAVE_COMPLETED', waveOrdinal: wave.ordinal, reason: null }],
      notice: {
        severity: 'INFO',
        message: `Rollout ${row.name} completed: the whole cohort is offered ${row.firmwareVersion.version}.`,
        dimensions,
        percent: wave.percent,
        open: false,
      },
      now,
    },
    true,
  );
  if (done) report.changes.push({ rolloutId: row.id, change: 'completed' });
}
