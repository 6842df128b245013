import { ZFirmwareCreateSchema, ZFirmwareNotesSchema, zId } from '@keten/contracts';
import { z } from 'zod';
import { operatorProcedure, router } from '../trpc/trpc';
import { createFirmware, listFirmware, updateFirmwareNotes } from './firmware.service';

// Product managers add firmware and plan its rollouts; NOC and support read it to explain what boxes run.
const reader = operatorProcedure('PRODUCT', 'NOC', 'SUPPORT');
const editor = operatorProcedure('PRODUCT');

export const ZFirmwareListSchema = z.strictObject({ boxModelId: zId().optional() }).optional();

export const firmwareRouter = router({
  list: reader.input(ZFirmwareListSchema).query(({ ctx, input }) => listFirmware(ctx.prisma, input ?? {})),
  create: editor
    .input(ZFirmwareCreateSchema)
    .mutation(({ ctx, input }) => createFirmware(ctx.prisma, ctx.actor, input)),
  updateNotes: editor
    .input(ZFirmwareNotesSchema)
    .mutation(({ ctx, input }) => updateFirmwareNotes(ctx.prisma, ctx.actor, input)),
});
