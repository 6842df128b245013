export {
  type TJobListInput,
  type TTranscodeCreateInput,
  ZJobIdSchema,
  ZJobListSchema,
  ZTranscodeCreateSchema,
} from '@keten/contracts';
