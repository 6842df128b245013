import { zId } from '@keten/contracts';
import { z } from 'zod';
import { anyOperatorProcedure, operatorProcedure, router } from '../trpc/trpc';
import { previewLineup, setPackageMembership } from './packages.membership';
import {
  ZLineupPreviewSchema,
  ZPackageCreateSchema,
  ZPackageMembershipSchema,
  ZPackageUpdateSchema,
} from './packages.schema';
import { createPackage, getPackage, listPackages, updatePackage } from './packages.service';

export const packagesRouter = router({
  list: anyOperatorProcedure.query(({ ctx }) => listPackages(ctx.prisma)),
  get: anyOperatorProcedure
    .input(z.object({ id: zId() }))
    .query(({ ctx, input }) => getPackage(ctx.prisma, input.id)),
  lineup: anyOperatorProcedure
    .input(ZLineupPreviewSchema)
    .query(({ ctx, input }) => previewLineup(ctx.prisma, input)),
  create: operatorProcedure('CONTENT')
    .input(ZPackageCreateSchema)
    .mutation(({ ctx, input }) => createPackage(ctx.prisma, ctx.actor, input)),
  update: operatorProcedure('CONTENT')
    .input(ZPackageUpdateSchema)
    .mutation(({ ctx, input }) => updatePackage(ctx.prisma, ctx.actor, input)),
  setMembership: operatorProcedure('CONTENT')
    .input(ZPackageMembershipSchema)
    .mutation(({ ctx, input }) => setPackageMembership(ctx.prisma, ctx.actor, input)),
});
