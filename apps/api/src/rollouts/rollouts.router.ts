import {
  ZRolloutCompareSchema,
  ZRolloutCreateSchema,
  ZRolloutIdSchema,
  ZRolloutListSchema,
  ZRolloutReasonSchema,
  ZRolloutResumeSchema,
} from '@keten/contracts';
import { operatorProcedure, router } from '../trpc/trpc';
import { compareRollout } from './rollouts.compare';
import {
  createRollout,
  getRollout,
  haltRollout,
  listRollouts,
  resumeRollout,
  rollbackRollout,
  startRollout,
} from './rollouts.service';

// Product managers run rollouts; the NOC watches them (a halt lands in its bell too). ADMIN is always allowed.
const reader = operatorProcedure('PRODUCT', 'NOC');
const editor = operatorProcedure('PRODUCT');

export const rolloutsRouter = router({
  list: reader.input(ZRolloutListSchema).query(({ ctx, input }) => listRollouts(ctx.prisma, input)),
  get: reader.input(ZRolloutIdSchema).query(({ ctx, input }) => getRollout(ctx.prisma, input.id)),
  compare: reader.input(ZRolloutCompareSchema).query(({ ctx, input }) => compareRollout(ctx, input)),
  create: editor
    .input(ZRolloutCreateSchema)
    .mutation(({ ctx, input }) => createRollout(ctx.prisma, ctx.actor, input)),
  start: editor.input(ZRolloutIdSchema).mutation(({ ctx, input }) => startRollout(ctx, ctx.actor, input.id)),
  halt: editor.input(ZRolloutReasonSchema).mutation(({ ctx, input }) => haltRollout(ctx, ctx.actor, input)),
  resume: editor
    .input(ZRolloutResumeSchema)
    .mutation(({ ctx, input }) => resumeRollout(ctx, ctx.actor, input)),
  rollback: editor
    .input(ZRolloutReasonSchema)
    .mutation(({ ctx, input }) => rollbackRollout(ctx, ctx.actor, input)),
});
