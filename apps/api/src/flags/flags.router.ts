import { zId } from '@keten/contracts';
import { z } from 'zod';
import { anyOperatorProcedure, operatorProcedure, router } from '../trpc/trpc';
import {
  countCohort,
  createCohort,
  deleteCohort,
  getCohort,
  listCohorts,
  updateCohort,
} from './cohorts.service';
import { getConfig, saveConfig } from './config.service';
import {
  ZCohortCountSchema,
  ZCohortCreateSchema,
  ZCohortDeleteSchema,
  ZCohortUpdateSchema,
  ZConfigSaveSchema,
  ZDeviceLookupSchema,
  ZFlagCreateSchema,
  ZFlagKillSchema,
  ZFlagRevertSchema,
  ZFlagScheduleSchema,
  ZFlagUpdateSchema,
  ZRailCreateSchema,
  ZRailRevertSchema,
  ZRailUpdateSchema,
  ZScheduledChangeIdSchema,
} from './flags.schema';
import {
  cancelScheduledChange,
  createFlag,
  getFlag,
  listFlags,
  revertFlag,
  scheduleChange,
  setKilled,
  updateFlag,
} from './flags.service';
import { deviceFactsBySerial } from './fleet';
import { previewRails } from './rails.preview';
import { createRail, getRail, listRails, railChannelOptions, revertRail, updateRail } from './rails.service';

// Product managers change what boxes do; every role may read (support explains a box's behaviour).
const editor = operatorProcedure('PRODUCT');

export const flagsRouter = router({
  list: anyOperatorProcedure.query(({ ctx }) => listFlags(ctx.prisma)),
  get: anyOperatorProcedure
    .input(z.object({ id: zId() }))
    .query(({ ctx, input }) => getFlag(ctx.prisma, input.id)),
  /** What the engine knows about a box, for the console's preview (which runs @keten/flags itself). */
  deviceFacts: anyOperatorProcedure.input(ZDeviceLookupSchema).query(async ({ ctx, input }) => {
    // An unknown serial is an answer ("no box with serial X"), not an error: the console says so in words.
    return deviceFactsBySerial(ctx.prisma, input.serial.trim());
  }),
  create: editor
    .input(ZFlagCreateSchema)
    .mutation(({ ctx, input }) => createFlag(ctx.prisma, ctx.actor, input)),
  update: editor
    .input(ZFlagUpdateSchema)
    .mutation(({ ctx, input }) => updateFlag(ctx.prisma, ctx.actor, input)),
  setKilled: editor
    .input(ZFlagKillSchema)
    .mutation(({ ctx, input }) => setKilled(ctx.prisma, ctx.actor, input)),
  revert: editor
    .input(ZFlagRevertSchema)
    .mutation(({ ctx, input }) => revertFlag(ctx.prisma, ctx.actor, input)),
  schedule: editor
    .input(ZFlagScheduleSchema)
    .mutation(({ ctx, input }) => scheduleChange(ctx.prisma, ctx.actor, input)),
  cancelScheduled: editor
    .input(ZScheduledChangeIdSchema)
    .mutation(({ ctx, input }) => cancelScheduledChange(ctx.prisma, ctx.actor, input.changeId)),
});

export const cohortsRouter = router({
  list: anyOperatorProcedure.query(({ ctx }) => listCohorts(ctx.prisma)),
  get: anyOperatorProcedure
    .input(z.object({ id: zId() }))
    .query(({ ctx, input }) => getCohort(ctx.prisma, input.id)),
  /** The live count while editing: the rule as typed, not yet saved. */
  count: anyOperatorProcedure
    .input(ZCohortCountSchema)
    .query(({ ctx, input }) => countCohort(ctx.prisma, input)),
  create: editor
    .input(ZCohortCreateSchema)
    .mutation(({ ctx, input }) => createCohort(ctx.prisma, ctx.actor, input)),
  update: editor
    .input(ZCohortUpdateSchema)
    .mutation(({ ctx, input }) => updateCohort(ctx.prisma, ctx.actor, input)),
  /** Refused while a flag, rail, rollout or the configuration refers to the cohort (the message names them). */
  delete: editor
    .input(ZCohortDeleteSchema)
    .mutation(({ ctx, input }) => deleteCohort(ctx.prisma, ctx.actor, input.id)),
});

export const railsRouter = router({
  list: anyOperatorProcedure.query(({ ctx }) => listRails(ctx.prisma)),
  get: anyOperatorProcedure
    .input(z.object({ id: zId() }))
    .query(({ ctx, input }) => getRail(ctx.prisma, input.id)),
  /** Channels to pick from in the editor (every channel; each box is later given only those it may watch). */
  channels: anyOperatorProcedure.query(({ ctx }) => railChannelOptions(ctx.prisma)),
  /** "What home screen does box X get": every saved rail evaluated for the box, with why, as /v1/config does. */
  preview: anyOperatorProcedure
    .input(ZDeviceLookupSchema)
    .query(({ ctx, input }) => previewRails(ctx.prisma, input.serial.trim())),
  create: editor
    .input(ZRailCreateSchema)
    .mutation(({ ctx, input }) => createRail(ctx.prisma, ctx.actor, input)),
  update: editor
    .input(ZRailUpdateSchema)
    .mutation(({ ctx, input }) => updateRail(ctx.prisma, ctx.actor, input)),
  revert: editor
    .input(ZRailRevertSchema)
    .mutation(({ ctx, input }) => revertRail(ctx.prisma, ctx.actor, input)),
});

export const configRouter = router({
  get: anyOperatorProcedure.query(({ ctx }) => getConfig(ctx.prisma)),
  save: editor
    .input(ZConfigSaveSchema)
    .mutation(({ ctx, input }) => saveConfig(ctx.prisma, ctx.actor, input)),
});
