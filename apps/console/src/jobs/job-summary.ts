import { LIVE_QUEUE, PROBE_QUEUE } from '@keten/contracts';
import type { TRouterOutputs } from '../trpc/types';

type TJobInput = TRouterOutputs['jobs']['list']['items'][number]['input'];

/**
 * A job's two lines in the table: what it is about and a detail. Transcodes name their output and source
 * file; live and probe jobs name the channel (and the probed source's priority, 1 being the primary).
 */
export function jobSummary(job: { queue: string; kind: string; input: TJobInput }): {
  title: string;
  detail: string | null;
} {
  const { input } = job;
  const channel = input.channel ? `${input.channel.name} (LCN ${input.channel.lcn})` : null;
  if (job.queue === LIVE_QUEUE)
    return {
      title: channel ? `Live ingest of ${channel}` : 'Live ingest of a deleted channel',
      detail: null,
    };
  if (job.queue === PROBE_QUEUE) {
    const source = input.sourcePriority === null ? null : `source ${input.sourcePriority}`;
    if (channel && source) return { title: `Probe of ${channel} ${source}`, detail: null };
    return {
      title: channel ? `Probe of a removed source of ${channel}` : 'Probe of a removed source',
      detail: input.sourceId,
    };
  }
  return { title: input.outputKey ?? job.kind, detail: input.inputFile };
}
