import { operatorProcedure, router } from '../trpc/trpc';
import { cancelJob, createTranscode, retryJob } from './jobs.actions';
import { listMediaInputs } from './jobs.media';
import { ZJobIdSchema, ZJobListSchema, ZTranscodeCreateSchema } from './jobs.schema';
import { getJob, listJobs, queueDepths } from './jobs.service';

// NOC watches and operates the queues; content managers also start transcodes.
const readProcedure = operatorProcedure('NOC', 'CONTENT');
const operateProcedure = operatorProcedure('NOC', 'CONTENT');

export const jobsRouter = router({
  list: readProcedure.input(ZJobListSchema).query(({ ctx, input }) => listJobs(ctx.prisma, input)),
  queues: readProcedure.query(({ ctx }) => queueDepths(ctx.redis, ctx.workerQueuePrefix)),
  get: readProcedure.input(ZJobIdSchema).query(({ ctx, input }) => getJob(ctx.prisma, input.id)),
  // The files a transcode can start from; content managers pick one instead of typing a server path.
  mediaInputs: operatorProcedure('CONTENT').query(({ ctx }) =>
    listMediaInputs(ctx.mediaRoot, ctx.ffprobePath),
  ),
  createTranscode: operatorProcedure('CONTENT')
    .input(ZTranscodeCreateSchema)
    .mutation(({ ctx, input }) => createTranscode(ctx, ctx.actor, input)),
  retry: operateProcedure
    .input(ZJobIdSchema)
    .mutation(({ ctx, input }) => retryJob(ctx, ctx.actor, input.id)),
  cancel: operateProcedure
    .input(ZJobIdSchema)
    .mutation(({ ctx, input }) => cancelJob(ctx, ctx.actor, input.id)),
});
