import { anyOperatorProcedure, operatorProcedure, router } from '../trpc/trpc';
import { listBoxModels, updateBoxModelCapabilities } from './box-models.service';
import { compatibilityMatrix } from './matrix.service';
import { pinChannels } from './pin.service';
import {
  ZBoxModelCapabilitySchema,
  ZProfileCreateSchema,
  ZProfileGetSchema,
  ZProfilePinSchema,
  ZProfileRollbackSchema,
  ZProfileSaveSchema,
} from './profiles.schema';
import {
  createProfile,
  getProfile,
  listProfiles,
  rollbackProfile,
  saveProfileVersion,
} from './profiles.service';

const contentProcedure = operatorProcedure('CONTENT');

const boxModelsRouter = router({
  list: anyOperatorProcedure.query(({ ctx }) => listBoxModels(ctx.prisma)),
  updateCapabilities: contentProcedure
    .input(ZBoxModelCapabilitySchema)
    .mutation(({ ctx, input }) => updateBoxModelCapabilities(ctx.prisma, ctx.actor, input)),
});

export const profilesRouter = router({
  list: anyOperatorProcedure.query(({ ctx }) => listProfiles(ctx.prisma)),
  get: anyOperatorProcedure
    .input(ZProfileGetSchema)
    .query(({ ctx, input }) => getProfile(ctx.prisma, input.id)),
  create: contentProcedure
    .input(ZProfileCreateSchema)
    .mutation(({ ctx, input }) => createProfile(ctx.prisma, ctx.actor, input)),
  saveVersion: contentProcedure
    .input(ZProfileSaveSchema)
    .mutation(({ ctx, input }) => saveProfileVersion(ctx.prisma, ctx.actor, input)),
  rollback: contentProcedure
    .input(ZProfileRollbackSchema)
    .mutation(({ ctx, input }) => rollbackProfile(ctx.prisma, ctx.actor, input)),
  pinChannels: contentProcedure
    .input(ZProfilePinSchema)
    .mutation(({ ctx, input }) => pinChannels(ctx.prisma, ctx.actor, input)),
  compatibility: anyOperatorProcedure.query(({ ctx }) => compatibilityMatrix(ctx.prisma)),
  boxModels: boxModelsRouter,
});
