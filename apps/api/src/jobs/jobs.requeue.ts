import {
  LIVE_JOB_OPTIONS,
  LIVE_KIND,
  LIVE_QUEUE,
  liveJobId,
  PROBE_JOB_OPTIONS,
  PROBE_KIND,
  PROBE_QUEUE,
  TRANSCODE_JOB_OPTIONS,
  TRANSCODE_KIND,
  TRANSCODE_QUEUE,
  ZLiveJobSchema,
  ZProbeJobSchema,
  ZTranscodeJobSchema,
} from '@keten/contracts';
import type { JobsOptions } from 'bullmq';
import { KetenError } from '../lib/errors';

export type TRequeueSpec = { name: string; data: object; options: JobsOptions; jobId: string };

/**
 * How a history row's job goes back on its queue: its data as the worker parses it, its queue's options and
 * its job id (the row id; for live ingest the channel's one `live-<channelId>`).
 */
export function requeueSpecOf(row: { id: string; queue: string; input: unknown }): TRequeueSpec {
  const input = { ...(row.input && typeof row.input === 'object' ? row.input : {}), jobRecordId: row.id };
  switch (row.queue) {
    case TRANSCODE_QUEUE:
      return {
        name: TRANSCODE_KIND,
        data: ZTranscodeJobSchema.parse(input),
        options: TRANSCODE_JOB_OPTIONS,
        jobId: row.id,
      };
    case PROBE_QUEUE:
      return {
        name: PROBE_KIND,
        data: ZProbeJobSchema.parse(input),
        options: PROBE_JOB_OPTIONS,
        jobId: row.id,
      };
    case LIVE_QUEUE: {
      const data = ZLiveJobSchema.parse(input);
      return { name: LIVE_KIND, data, options: LIVE_JOB_OPTIONS, jobId: liveJobId(data.channelId) };
    }
    default:
      throw new KetenError('CONFLICT', `Jobs of the ${row.queue} queue cannot be retried from here.`, 'id');
  }
}
