import { randomUUID } from 'node:crypto';
import type { TXmltvImportInput, TXmltvImportReport } from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import type { TSafeFetchPolicy } from '../lib/safe-fetch';
import { lockChannelSchedule } from './overlap';
import { insertProgrammes } from './programmes.insert';
import { evaluateEntries, type TChannelMatch, type TSlot } from './xmltv-evaluate';
import { FEED_FETCH_LIMITS, fetchFeed, type TFetchLimits } from './xmltv-fetch';
import { parseXmltv, type TXmltvEntry } from './xmltv-parse';

type TDb = PrismaClient | Prisma.TransactionClient;

/**
 * XMLTV channel ids map to Keten channels through the explicit `mapping` (xmltv id → channel id) first,
 * then by equal slug ("npo-1" ↔ the channel with slug "npo-1"); anything else is an unknown channel.
 */
async function matchChannels(db: TDb, entries: TXmltvEntry[], mapping: Record<string, string>) {
  // An id PostgreSQL cannot take is not looked up; its entries are refused for their text (BAD_TEXT).
  const ids = [...new Set(entries.filter((e) => !e.textProblem).map((e) => e.xmltvChannel))];
  const rows = await db.channel.findMany({
    where: { OR: [{ slug: { in: ids } }, { id: { in: Object.values(mapping) } }] },
    select: { id: true, slug: true },
  });
  const byId = new Map(rows.map((c) => [c.id, c]));
  const bySlug = new Map(rows.map((c) => [c.slug, c]));
  const matches = new Map<string, TChannelMatch>();
  for (const xmltvId of ids) {
    const mapped = mapping[xmltvId];
    const channel = mapped ? byId.get(mapped) : bySlug.get(xmltvId);
    if (channel) matches.set(xmltvId, { channelId: channel.id });
    else if (mapped)
      matches.set(xmltvId, {
        error: `XMLTV channel "${xmltvId}" is mapped to a channel that does not exist.`,
      });
    else
      matches.set(xmltvId, {
        error: `XMLTV channel "${xmltvId}" matches no channel slug and has no mapping.`,
      });
  }
  return matches;
}

async function existingSlots(db: TDb, channelIds: string[], entries: TXmltvEntry[]) {
  const times = entries.flatMap((e) => [e.start, e.stop]).filter((t): t is Date => t !== null);
  const slots = new Map<string, TSlot[]>();
  if (channelIds.length === 0 || times.length === 0) return slots;
  const from = new Date(times.reduce((min, t) => Math.min(min, t.getTime()), Number.POSITIVE_INFINITY));
  const to = new Date(times.reduce((max, t) => Math.max(max, t.getTime()), 0) + 1);
  const rows = await db.programme.findMany({
    where: { channelId: { in: channelIds }, startsAt: { lt: to }, endsAt: { gt: from } },
    select: { id: true, channelId: true, title: true, startsAt: true, endsAt: true },
  });
  for (const row of rows) slots.set(row.channelId, [...(slots.get(row.channelId) ?? []), row]);
  return slots;
}

/** In replace mode, existing programmes inside the span the file covers on their channel make way. */
function setAside(entries: TXmltvEntry[], channels: Map<string, TChannelMatch>, slots: Map<string, TSlot[]>) {
  const spans = new Map<string, { from: number; to: number }>();
  for (const entry of entries) {
    const match = channels.get(entry.xmltvChannel);
    if (!match || !('channelId' in match) || !entry.start || !entry.title) continue;
    const span = spans.get(match.channelId) ?? { from: Number.POSITIVE_INFINITY, to: 0 };
    const end = entry.stop && entry.stop > entry.start ? entry.stop : entry.start;
    spans.set(match.channelId, {
      from: Math.min(span.from, entry.start.getTime()),
      to: Math.max(span.to, end.getTime()),
    });
  }
  const replaced: string[] = [];
  const kept = new Map<string, TSlot[]>();
  for (const [channelId, rows] of slots) {
    const span = spans.get(channelId);
    const inside = (slot: TSlot) =>
      span && slot.startsAt.getTime() < span.to && slot.endsAt.getTime() > span.from;
    for (const slot of rows) if (inside(slot) && slot.id) replaced.push(slot.id);
    kept.set(
      channelId,
      rows.filter((slot) => !inside(slot)),
    );
  }
  return { replaced, kept };
}

/** Inside the applying transaction `tx` is given: the channels are locked before existing rows are read. */
async function evaluate(
  db: TDb,
  entries: TXmltvEntry[],
  input: Pick<TXmltvImportInput, 'mapping' | 'replace'>,
  tx?: Prisma.TransactionClient,
) {
  const channels = await matchChannels(db, entries, input.mapping);
  const channelIds = [...channels.values()].flatMap((m) => ('channelId' in m ? [m.channelId] : []));
  if (tx) await lockChannelSchedule(tx, channelIds);
  const slots = await existingSlots(db, channelIds, entries);
  const { replaced, kept } = input.replace
    ? setAside(entries, channels, slots)
    : { replaced: [], kept: slots };
  return { replaced, ...evaluateEntries(entries, channels, kept) };
}

/**
 * Reads, checks and (unless a dry run) stores an XMLTV file in one transaction with one audit entry.
 * A URL is fetched through the SSRF guard under `fetchPolicy` (FETCH_ALLOW_PRIVATE_NETS).
 */
export async function importXmltv(
  prisma: PrismaClient,
  actor: TActor,
  input: TXmltvImportInput,
  fetchPolicy: TSafeFetchPolicy = {},
  limits: TFetchLimits = FEED_FETCH_LIMITS,
): Promise<TXmltvImportReport> {
  const source = input.source.kind === 'file' ? `file ${input.source.filename}` : input.source.url;
  const report = (fields: Partial<TXmltvImportReport>): TXmltvImportReport => ({
    source,
    dryRun: input.dryRun,
    applied: false,
    parseError: null,
    accepted: 0,
    rejected: 0,
    replaced: 0,
    entries: [],
    ...fields,
  });
  const fetched =
    input.source.kind === 'file'
      ? { ok: true as const, text: input.source.xml }
      : await fetchFeed(input.source.url, limits, fetchPolicy);
  if (!fetched.ok) return report({ parseError: fetched.error });
  const parsed = parseXmltv(fetched.text);
  if (!parsed.ok) return report({ parseError: parsed.error });

  const summarise = (result: Awaited<ReturnType<typeof evaluate>>, applied: boolean) =>
    report({
      applied,
      accepted: result.accepted.length,
      rejected: result.report.length - result.accepted.length,
      replaced: result.replaced.length,
      entries: result.report,
    });
  if (input.dryRun) return summarise(await evaluate(prisma, parsed.entries, input), false);

  return prisma.$transaction(
    async (tx) => {
      const result = await evaluate(tx, parsed.entries, input, tx);
      if (result.accepted.length === 0) return summarise(result, false);
      if (result.replaced.length > 0)
        await tx.programme.deleteMany({ where: { id: { in: result.replaced } } });
      await insertProgrammes(
        tx,
        result.accepted.map(({ entry, channelId, startsAt, endsAt, title }) => ({
          channelId,
          startsAt,
          endsAt,
          title,
          description: entry.description ?? null,
          category: entry.category ?? null,
          seasonNumber: entry.seasonNumber ?? null,
          episodeNumber: entry.episodeNumber ?? null,
          episodeTitle: entry.episodeTitle ?? null,
          ageRating: entry.ageRating ?? null,
        })),
      );
      const starts = result.accepted.map((row) => row.startsAt.getTime()).sort((a, b) => a - b);
      const ends = result.accepted.map((row) => row.endsAt.getTime()).sort((a, b) => a - b);
      await recordAudit(tx, actor, {
        action: 'schedule.import',
        entityType: 'Schedule',
        entityId: randomUUID(),
        after: {
          source,
          accepted: result.accepted.length,
          rejected: result.report.length - result.accepted.length,
          replaced: result.replaced.length,
          channels: [...new Set(result.accepted.map((row) => row.channelId))],
          from: new Date(starts[0] ?? 0),
          to: new Date(ends.at(-1) ?? 0),
        },
      });
      return summarise(result, true);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
