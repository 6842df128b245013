// The console validates with the same schemas, so they live in @keten/contracts.
export {
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
} from '@keten/contracts';
