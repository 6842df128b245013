import {
  channelsIngestTimeline,
  planQoeRange,
  readQoeRollup,
  type TKetenClickHouse,
} from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import type { TQoeRange } from './qoe.schema';

/** At most this many channels' ingest findings are drawn: the busiest ones in view when no channel is filtered. */
export const ANNOTATION_CHANNELS = 20;
const EVENTS_PER_CHANNEL = 100;

/** Channel names for ids the QoE views show (beacons carry ids); unknown ids are left out. */
export async function qoeChannelNames(prisma: PrismaClient, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return prisma.channel.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true, lcn: true },
    orderBy: { lcn: 'asc' },
  });
}

/**
 * The box models each firmware version belongs to (beacons carry a model code and a bare version): `label` is
 * "Vendor Name · version" when one model has it, the version alone when several do (or none is known).
 */
export async function qoeFirmwareModels(prisma: PrismaClient, versions: readonly string[]) {
  if (versions.length === 0) return [];
  const found = await prisma.firmwareVersion.findMany({
    where: { version: { in: [...new Set(versions)] } },
    select: { version: true, boxModel: { select: { code: true, vendor: true, name: true } } },
    orderBy: [{ version: 'asc' }, { boxModel: { code: 'asc' } }],
  });
  return [...new Set(versions)].sort().map((version) => {
    const models = found
      .filter((row) => row.version === version)
      .map(({ boxModel }) => ({ code: boxModel.code, name: `${boxModel.vendor} ${boxModel.name}` }));
    const [only] = models;
    return { version, models, label: models.length === 1 && only ? `${only.name} · ${version}` : version };
  });
}

/** The channels a view is about: the filtered ones, else the busiest ones in the view's data. */
async function channelsInView(clickhouse: TKetenClickHouse, input: TQoeRange): Promise<string[]> {
  const filtered = input.filters.channelId;
  if (filtered && filtered.length > 0) return filtered.slice(0, ANNOTATION_CHANNELS);
  const plan = planQoeRange(input.from, input.to);
  const rows = await readQoeRollup(clickhouse.client, {
    ...plan,
    origin: plan.from,
    bucketSeconds: plan.to - plan.from,
    filters: input.filters,
    dimension: 'channelId',
  });
  return rows
    .sort((a, b) => b.attempts - a.attempts || a.value.localeCompare(b.value))
    .slice(0, ANNOTATION_CHANNELS)
    .map((row) => row.value);
}

/**
 * Ingest, failover and QC findings of the channels in view over [from, to), oldest first, each with its channel's
 * name: the QoE page draws them on its time axis and links each to the channel's feed health page.
 */
export async function qoeAnnotations(prisma: PrismaClient, clickhouse: TKetenClickHouse, input: TQoeRange) {
  const channelIds = await channelsInView(clickhouse, input);
  // One query for every channel in view (the page asks every 10 s), at most EVENTS_PER_CHANNEL each.
  const [names, timeline] = await Promise.all([
    qoeChannelNames(prisma, channelIds),
    channelsIngestTimeline(clickhouse.client, {
      channelIds,
      from: input.from,
      to: input.to,
      limit: EVENTS_PER_CHANNEL,
    }),
  ]);
  const nameOf = new Map(names.map((channel) => [channel.id, channel.name]));
  const events = timeline
    .map((event) => ({ ...event, channelName: nameOf.get(event.channelId) ?? event.channelId }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  return { channelIds, events };
}
