import { z } from 'zod';
import { zId } from './bounds';
import { zText } from './text';

// Firmware rollouts (issue 18 part 4): the console's `rollouts.*` inputs and the box's /v1/firmware bodies.

export const ROLLOUT_STATES = ['DRAFT', 'RUNNING', 'HALTED', 'COMPLETED', 'ROLLED_BACK'] as const;
export type TRolloutState = (typeof ROLLOUT_STATES)[number];
export const WAVE_STATES = ['PENDING', 'RUNNING', 'COMPLETED', 'HALTED'] as const;
export type TWaveState = (typeof WAVE_STATES)[number];
export const ROLLOUT_EVENT_KINDS = [
  'CREATED',
  'STARTED',
  'WAVE_STARTED',
  'WAVE_COMPLETED',
  'HALTED',
  'RESUMED',
  'ROLLED_BACK',
  'COMPLETED',
] as const;
export type TRolloutEventKind = (typeof ROLLOUT_EVENT_KINDS)[number];

/** The guardrail metrics a wave is judged on (DESIGN.md's definitions; apps/api/src/rollouts/guardrails.ts). */
export const GUARDRAIL_METRICS = ['vsf', 'vpf', 'rebufferingRatio', 'errorRate'] as const;
export type TGuardrailMetric = (typeof GUARDRAIL_METRICS)[number];

/** The engine judges running waves this often. */
export const ROLLOUT_TICK_SECONDS = 30;

const zShare = (fallback: number) =>
  z
    .number({ error: 'must be a number' })
    .min(0, 'must be between 0 and 1 (a share: 0.01 is one percentage point)')
    .max(1, 'must be between 0 and 1 (a share: 0.01 is one percentage point)')
    .default(fallback);
const zSample = (fallback: number, min: number) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(10_000_000, 'must be at most 10,000,000')
    .default(fallback);

/**
 * How much worse than its control (the same box model's boxes not yet updated, same window) a wave may be before
 * the engine halts it, per metric, in absolute shares; and the sample each arm needs before it is judged at all.
 * The same fields and defaults as `ZGuardrailConfigSchema` (apps/api/src/rollouts/guardrails.ts), which judges.
 */
export const ZRolloutGuardrailsSchema = z.object({
  /** Video start failures per attempt. */
  maxVsfDelta: zShare(0.005),
  /** Playback failures per started play. */
  maxVpfDelta: zShare(0.005),
  /** Stall time / (playing + stall time). */
  maxRebufferingRatioDelta: zShare(0.001),
  /** Attempts meeting any error. */
  maxErrorRateDelta: zShare(0.01),
  /** Attempts each arm needs before VSF and error rate are judged (below: "insufficient"). */
  minAttempts: zSample(300, 1),
  /** Plays each arm needs before VPF and rebuffering are judged. */
  minPlays: zSample(300, 2),
  /** Chance that a firmware no worse than allowed is ever halted, over the whole soak and all four metrics. */
  alpha: z
    .number({ error: 'must be a number' })
    .gt(0, 'must be more than 0')
    .max(0.2, 'must be at most 0.2')
    .default(0.01),
});
export type TRolloutGuardrails = z.infer<typeof ZRolloutGuardrailsSchema>;
export type TRolloutGuardrailsInput = z.input<typeof ZRolloutGuardrailsSchema>;
export const DEFAULT_ROLLOUT_GUARDRAILS: TRolloutGuardrails = ZRolloutGuardrailsSchema.parse({});

export const ZRolloutWaveInputSchema = z.object({
  /** Cumulative share of the cohort reached at the end of this wave, in whole percent. */
  percent: z
    .number({ error: 'must be a number' })
    .int('must be a whole percent')
    .min(1, 'must be between 1 and 100')
    .max(100, 'must be between 1 and 100'),
  /** How long the wave soaks with passing guardrails before the next one starts (0: at once). */
  soakMinutes: z
    .number({ error: 'must be a number' })
    .int('must be whole minutes')
    .min(0, 'must be 0 or more')
    .max(30 * 24 * 60, 'must be at most 30 days (43,200 minutes)'),
});
export type TRolloutWaveInput = z.infer<typeof ZRolloutWaveInputSchema>;

export const ZRolloutCreateSchema = z
  .object({
    name: zText(120).trim().min(1, 'is required'),
    firmwareVersionId: zId(),
    /** The version a rollback returns boxes to; default: the box model's newest version released before the target. */
    rollbackFirmwareVersionId: zId().nullable().default(null),
    cohortId: zId(),
    waves: z
      .array(ZRolloutWaveInputSchema)
      .min(1, 'needs at least one wave')
      .max(10, 'may have at most 10 waves'),
    guardrails: ZRolloutGuardrailsSchema.default(DEFAULT_ROLLOUT_GUARDRAILS),
  })
  .superRefine((input, ctx) => {
    input.waves.forEach((wave, index) => {
      const before = input.waves[index - 1];
      if (before && wave.percent <= before.percent)
        ctx.addIssue({
          code: 'custom',
          path: ['waves', index, 'percent'],
          message: `must be more than the wave before (${before.percent} %): percents are cumulative`,
        });
    });
    const last = input.waves.at(-1);
    if (last && last.percent !== 100)
      ctx.addIssue({
        code: 'custom',
        path: ['waves', input.waves.length - 1, 'percent'],
        message: 'the last wave must reach 100 %',
      });
    if (
      input.rollbackFirmwareVersionId !== null &&
      input.rollbackFirmwareVersionId === input.firmwareVersionId
    )
      ctx.addIssue({
        code: 'custom',
        path: ['rollbackFirmwareVersionId'],
        message: 'must be another version than the one rolled out',
      });
  });
export type TRolloutCreateInput = z.input<typeof ZRolloutCreateSchema>;
export type TRolloutCreate = z.infer<typeof ZRolloutCreateSchema>;

export const ZRolloutIdSchema = z.object({ id: zId() });
export const ZRolloutReasonSchema = z.object({
  id: zId(),
  reason: zText(500, { multiline: true })
    .trim()
    .min(1, 'is required: say why, it goes to the audit and the webhooks'),
});
export const ZRolloutResumeSchema = z.object({
  id: zId(),
  reason: zText(500, { multiline: true }).trim().nullable().default(null),
});
export const ZRolloutListSchema = z
  .object({ states: z.array(z.enum(ROLLOUT_STATES)).max(ROLLOUT_STATES.length).default([]) })
  .default({ states: [] });

/** Cohort-vs-control series for the console's charts: the running (or last) wave's window unless given. */
export const ZRolloutCompareSchema = z.object({
  id: zId(),
  from: z.coerce.date({ error: 'must be a date-time' }).nullable().default(null),
  to: z.coerce.date({ error: 'must be a date-time' }).nullable().default(null),
});

// ───────────── the box's side: /v1/firmware ─────────────

/** GET /v1/firmware, 200: install this (a rollout reaches the box, or a rollback returns it). 204: stay. */
export const ZFirmwareTargetSchema = z.object({
  action: z.literal('install'),
  /** `rollout`: the rollout's new version; `rollback`: the version a rolled-back rollout returns boxes to. */
  reason: z.enum(['rollout', 'rollback']),
  rolloutId: z.string(),
  version: z.string(),
  imageUrl: z.string(),
  /** Lower-case hex SHA-256 of the image: check it before flashing. */
  sha256: z.string(),
  sizeBytes: z.number().int(),
  notes: z.string().nullable(),
  /** Ask again after this many seconds. */
  pollAfterSeconds: z.number().int(),
});
export type TFirmwareTarget = z.infer<typeof ZFirmwareTargetSchema>;

/** POST /v1/firmware/report: the version the box runs now (after flashing and rebooting, or at every start). */
export const ZFirmwareReportSchema = z.object({
  version: zText(64).trim().min(1, 'is required'),
});
export type TFirmwareReportInput = z.infer<typeof ZFirmwareReportSchema>;

/** The answer to a report: the firmware recorded and a fresh access token carrying it (its beacons count from now). */
export const ZFirmwareReportedSchema = z.object({
  firmware: z.string(),
  accessToken: z.string(),
  expiresIn: z.number().int(),
});
export type TFirmwareReported = z.infer<typeof ZFirmwareReportedSchema>;
