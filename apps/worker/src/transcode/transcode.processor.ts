import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ffmpegLadderArgs } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { type Job, UnrecoverableError } from 'bullmq';
import { FfmpegInterruptedError, type TFfmpeg, type TFfmpegProgress } from '../ffmpeg';
import { inspectInput, UNDECODABLE } from './inspect-input';
import { endAborted, markActive, markCompleted, markFailed, markProgress } from './job-record';
import { loadLadder } from './ladder';
import { reapOrphan, writePidFile } from './orphans';
import { publishLadder, verifyLadder } from './publish';
import { type TTranscodeResult, ZTranscodeJobSchema } from './transcode.queue';

export type TTranscodeDeps = { prisma: PrismaClient; ffmpeg: TFfmpeg; mediaRoot: string; preset?: string };

const PROGRESS_EVERY_MS = 1_000;

/** Transcodes a file into MEDIA_ROOT/vod/<outputKey>/ through a temp folder; safe to run again for the same job. */
export function createTranscodeProcessor(deps: TTranscodeDeps) {
  const mediaRoot = resolve(deps.mediaRoot);
  return async function processTranscode(
    job: Job,
    token?: string,
    signal?: AbortSignal,
  ): Promise<TTranscodeResult> {
    const data = ZTranscodeJobSchema.parse(job.data);
    const recordId = await markActive(deps.prisma, job, data);
    const tmpDir = join(mediaRoot, '.tmp', `transcode-${job.id}`);
    const finalDir = join(mediaRoot, 'vod', data.outputKey);
    const pidFile = `${tmpDir}.pid`;
    try {
      const ladder = await loadLadder(deps.prisma, data.profileVersionId);
      if (!ladder)
        throw new UnrecoverableError(`encoding profile version ${data.profileVersionId} does not exist`);
      const { durationSeconds } = await inspectInput(deps.ffmpeg, data.sourcePath);

      await reapOrphan(pidFile, tmpDir);
      await rm(tmpDir, { recursive: true, force: true });
      await mkdir(tmpDir, { recursive: true });
      const args = ffmpegLadderArgs(ladder, {
        input: data.sourcePath,
        outputDir: tmpDir,
        playlistType: 'vod',
        preset: deps.preset,
      });
      let reportedAt = 0;
      const onProgress = (progress: TFfmpegProgress) => {
        if (Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
        reportedAt = Date.now();
        const percent = progress.percent ?? 0;
        void job.updateProgress({ ...progress, percent }).catch(() => undefined);
        void markProgress(deps.prisma, recordId, percent).catch(() => undefined);
      };
      const onSpawn = (pid: number) => void writePidFile(pidFile, pid).catch(() => undefined);
      // Cancelled (or shutting down) while probing: do not start an encoder only to stop it.
      if (signal?.aborted) throw new FfmpegInterruptedError('aborted', [], signal.reason);
      const run = await deps.ffmpeg.runFfmpeg({ args, onProgress, signal, durationSeconds, onSpawn });
      await rm(pidFile, { force: true });
      if (run.exitCode !== 0) {
        const reason = `ffmpeg exited with code ${run.exitCode}:\n${run.stderrTail.join('\n')}`;
        if (run.stderrTail.some((line) => UNDECODABLE.test(line)))
          throw new UnrecoverableError(`input is not a decodable video: ${reason}`);
        throw new Error(reason);
      }
      const problem = await verifyLadder(tmpDir, ladder.rungs.length);
      if (problem) throw new Error(`transcode output failed verification: ${problem}`);

      await mkdir(join(mediaRoot, 'vod'), { recursive: true });
      await publishLadder(tmpDir, finalDir);
      const result = {
        outputDir: finalDir,
        rungs: ladder.rungs.length,
        durationSeconds: durationSeconds ?? null,
      };
      await job.updateProgress({ percent: 100 });
      await markCompleted(deps.prisma, recordId, result);
      return result;
    } catch (error) {
      await rm(tmpDir, { recursive: true, force: true });
      await rm(pidFile, { force: true });
      if (error instanceof FfmpegInterruptedError && error.why === 'aborted')
        await endAborted(deps.prisma, recordId, job, token, error.abortReason);
      const message = describe(error);
      const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await markFailed(deps.prisma, recordId, message, final);
      throw error instanceof Error ? error : new Error(message);
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof FfmpegInterruptedError)
    return `${error.message}${error.stderrTail.length ? `:\n${error.stderrTail.join('\n')}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
