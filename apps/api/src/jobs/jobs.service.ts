import { JOB_QUEUES, type TListPage } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import type { Redis } from 'ioredis';
import { KetenError } from '../lib/errors';
import { likeEscape } from '../lib/like';
import { queueFor } from './jobs.queues';
import type { TJobListInput } from './jobs.schema';

/** ffmpeg's stderr tail can be long; the table shows the last lines, the detail view all of them. */
const ERROR_LINES_IN_LIST = 6;

const listFields = {
  id: true,
  queue: true,
  kind: true,
  bullJobId: true,
  state: true,
  progress: true,
  attempts: true,
  input: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  // A live or probe job is about a channel: the table names it instead of an empty transcode summary.
  channel: { select: { id: true, name: true, lcn: true } },
} satisfies Prisma.JobRecordSelect;

type TJobRow = Prisma.JobRecordGetPayload<{ select: typeof listFields }>;

export function errorLines(error: string | null, last?: number): string[] {
  if (!error) return [];
  const lines = error.split('\n').filter((line) => line.trim() !== '');
  return last ? lines.slice(-last) : lines;
}

function inputSummary(input: Prisma.JsonValue, channel: TJobRow['channel'], priorities: TPriorities) {
  const data = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<
    string,
    unknown
  >;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const sourceId = text('sourceId');
  // Transcodes: the input as the operator chose it; rows from before inputFile was stored show the file name.
  const sourcePath = text('sourcePath');
  return {
    inputFile: text('inputFile') ?? (sourcePath ? sourcePath.split('/').at(-1) || null : null),
    outputKey: text('outputKey'),
    profileVersionId: text('profileVersionId'),
    /** Live and probe jobs: the channel they are about (null once the channel is deleted). */
    channel,
    /** Probe jobs: the probed source, with its priority (1 = primary) while it still exists. */
    sourceId,
    sourcePriority: sourceId ? (priorities.get(sourceId) ?? null) : null,
  };
}

type TPriorities = ReadonlyMap<string, number>;

/** The priority of every source a probe job on this page names, in one query. */
async function sourcePriorities(prisma: PrismaClient, rows: TJobRow[]): Promise<TPriorities> {
  const ids = rows.flatMap((row) => {
    const input = row.input;
    const id = input && typeof input === 'object' && !Array.isArray(input) ? input.sourceId : null;
    return typeof id === 'string' ? [id] : [];
  });
  if (ids.length === 0) return new Map();
  const sources = await prisma.channelSource.findMany({
    where: { id: { in: ids } },
    select: { id: true, priority: true },
  });
  return new Map(sources.map((source) => [source.id, source.priority]));
}

function present(row: TJobRow, priorities: TPriorities, lines?: number) {
  const { input, error, channel, ...rest } = row;
  return { ...rest, input: inputSummary(input, channel, priorities), errorLines: errorLines(error, lines) };
}
export type TJobListItem = ReturnType<typeof present>;

export async function listJobs(prisma: PrismaClient, input: TJobListInput): Promise<TListPage<TJobListItem>> {
  const where: Prisma.JobRecordWhereInput = {
    state: input.state,
    queue: input.queue,
    ...(input.q ? { input: { path: ['outputKey'], string_contains: likeEscape(input.q) } } : {}),
  };
  const sort = input.sort ?? 'createdAt';
  const dir = input.sort ? input.dir : 'desc';
  const [total, rows] = await Promise.all([
    prisma.jobRecord.count({ where }),
    prisma.jobRecord.findMany({
      where,
      select: listFields,
      orderBy: [
        sort === 'createdAt' ? { createdAt: dir } : { [sort]: { sort: dir, nulls: 'last' } },
        { id: 'desc' },
      ],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  const priorities = await sourcePriorities(prisma, rows);
  return {
    items: rows.map((row) => present(row, priorities, ERROR_LINES_IN_LIST)),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

export async function getJob(prisma: PrismaClient, id: string) {
  const row = await prisma.jobRecord.findUnique({ where: { id }, select: { ...listFields, output: true } });
  if (!row) throw new KetenError('NOT_FOUND', 'No job with this id.', 'id');
  const { output, ...rest } = row;
  return { ...present(rest, await sourcePriorities(prisma, [rest])), output };
}

/** Live depths straight from BullMQ (Redis), not from the history table. */
export async function queueDepths(redis: Redis, prefix: string | undefined) {
  return Promise.all(
    JOB_QUEUES.map(async (name) => {
      const counts = await queueFor(redis, prefix, name).getJobCounts(
        'waiting',
        'active',
        'delayed',
        'failed',
        'completed',
      );
      return {
        queue: name,
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      };
    }),
  );
}
