import { anyOperatorProcedure, operatorProcedure, router } from '../trpc/trpc';
import {
  createProgramme,
  dayProgrammes,
  deleteProgramme,
  gridProgrammes,
  listScheduleChannels,
  moveProgramme,
  updateProgramme,
} from './programmes.service';
import {
  ZProgrammeCreateSchema,
  ZProgrammeMoveSchema,
  ZProgrammeUpdateSchema,
  ZScheduleDaySchema,
  ZScheduleGridSchema,
  ZScheduleIdSchema,
  ZWindowCreateSchema,
  ZWindowListSchema,
  ZXmltvExportSchema,
  ZXmltvImportSchema,
} from './schedule.schema';
import { createWindow, deleteWindow, listWindows } from './windows.service';
import { exportXmltv } from './xmltv-export.service';
import { importXmltv } from './xmltv-import.service';

// Everyone may read the schedule (support answers "what was on?"); only content managers change it.
const editor = operatorProcedure('CONTENT');

const windowsRouter = router({
  list: anyOperatorProcedure
    .input(ZWindowListSchema)
    .query(({ ctx, input }) => listWindows(ctx.prisma, input)),
  create: editor
    .input(ZWindowCreateSchema)
    .mutation(({ ctx, input }) => createWindow(ctx.prisma, ctx.actor, input)),
  delete: editor
    .input(ZScheduleIdSchema)
    .mutation(({ ctx, input }) => deleteWindow(ctx.prisma, ctx.actor, input)),
});

export const scheduleRouter = router({
  channels: anyOperatorProcedure.query(({ ctx }) => listScheduleChannels(ctx.prisma)),
  day: anyOperatorProcedure
    .input(ZScheduleDaySchema)
    .query(({ ctx, input }) => dayProgrammes(ctx.prisma, input)),
  grid: anyOperatorProcedure
    .input(ZScheduleGridSchema)
    .query(({ ctx, input }) => gridProgrammes(ctx.prisma, input)),
  create: editor
    .input(ZProgrammeCreateSchema)
    .mutation(({ ctx, input }) => createProgramme(ctx.prisma, ctx.actor, input)),
  update: editor
    .input(ZProgrammeUpdateSchema)
    .mutation(({ ctx, input }) => updateProgramme(ctx.prisma, ctx.actor, input)),
  move: editor
    .input(ZProgrammeMoveSchema)
    .mutation(({ ctx, input }) => moveProgramme(ctx.prisma, ctx.actor, input)),
  delete: editor
    .input(ZScheduleIdSchema)
    .mutation(({ ctx, input }) => deleteProgramme(ctx.prisma, ctx.actor, input)),
  importXmltv: editor.input(ZXmltvImportSchema).mutation(({ ctx, input }) =>
    importXmltv(ctx.prisma, ctx.actor, input, {
      fetchPolicy: ctx.fetchPolicy,
      xmltvIdDomain: ctx.xmltvIdDomain,
    }),
  ),
  exportXmltv: anyOperatorProcedure
    .input(ZXmltvExportSchema)
    .query(({ ctx, input }) => exportXmltv(ctx.prisma, input, ctx.xmltvIdDomain)),
  windows: windowsRouter,
});
