import { randomUUID } from 'node:crypto';
import {
  DEFAULT_XMLTV_ID_DOMAIN,
  type TXmltvImportInput,
  type TXmltvImportReport,
  xmltvChannelId,
} from '@keten/contracts';
import type { Prisma, PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import type { TSafeFetchPolicy } from '../lib/safe-fetch';
import { lockChannelSchedule } from './overlap';
import { deleteProgrammes, insertProgrammes, updateProgrammes } from './programmes.bulk';
import {
  evaluateEntries,
  type TChannelMatch,
  type TImportPlan,
  type TStoredProgramme,
} from './xmltv-evaluate';
import { FEED_FETCH_LIMITS, fetchFeed, type TFetchLimits } from './xmltv-fetch';
import { parseXmltv, type TXmltvEntry } from './xmltv-parse';

type TDb = PrismaClient | Prisma.TransactionClient;

export interface TImportOptions {
  /** What a feed URL may reach (FETCH_ALLOW_PRIVATE_NETS); the SSRF guard applies it. */
  fetchPolicy?: TSafeFetchPolicy;
  limits?: TFetchLimits;
  /** XMLTV_ID_DOMAIN: "<slug>.<domain>" ids (Keten's own exports) match that slug's channel. */
  xmltvIdDomain?: string;
}

/**
 * XMLTV channel ids map to Keten channels through the explicit `mapping` (xmltv id → channel id) first,
 * then by Keten's own id ("npo-1.keten.tv") or equal slug ("npo-1"); anything else is an unknown channel.
 */
async function matchChannels(
  db: TDb,
  entries: TXmltvEntry[],
  mapping: Record<string, string>,
  domain: string,
) {
  // An id PostgreSQL cannot take is not looked up; its entries are refused for their text (BAD_TEXT).
  const ids = [...new Set(entries.filter((e) => !e.textProblem).map((e) => e.xmltvChannel))];
  const suffix = xmltvChannelId('', domain);
  const slugOf = (id: string) => (id.endsWith(suffix) ? id.slice(0, -suffix.length) : id);
  const rows = await db.channel.findMany({
    where: { OR: [{ slug: { in: ids.map(slugOf) } }, { id: { in: Object.values(mapping) } }] },
    select: { id: true, slug: true },
  });
  const byId = new Map(rows.map((c) => [c.id, c]));
  const bySlug = new Map(rows.map((c) => [c.slug, c]));
  const matches = new Map<string, TChannelMatch>();
  for (const xmltvId of ids) {
    const mapped = mapping[xmltvId];
    const channel = mapped ? byId.get(mapped) : (bySlug.get(xmltvId) ?? bySlug.get(slugOf(xmltvId)));
    if (channel) matches.set(xmltvId, { channelId: channel.id });
    else if (mapped)
      matches.set(xmltvId, {
        error: `XMLTV channel "${xmltvId}" is mapped to a channel that does not exist.`,
      });
    else
      matches.set(xmltvId, {
        error: `XMLTV channel "${xmltvId}" matches no channel slug (nor an id like npo-1${suffix}) and has no mapping.`,
      });
  }
  return matches;
}

/** The channels' stored programmes within the file's overall time range, each marked if a person entered it. */
async function storedProgrammes(db: TDb, channelIds: string[], entries: TXmltvEntry[]) {
  const times = entries.flatMap((e) => [e.start, e.stop]).filter((t): t is Date => t !== null);
  const stored = new Map<string, TStoredProgramme[]>();
  if (channelIds.length === 0 || times.length === 0) return stored;
  const from = new Date(times.reduce((min, t) => Math.min(min, t.getTime()), Number.POSITIVE_INFINITY));
  const to = new Date(times.reduce((max, t) => Math.max(max, t.getTime()), 0) + 1);
  const rows = await db.programme.findMany({
    where: { channelId: { in: channelIds }, startsAt: { lt: to }, endsAt: { gt: from } },
  });
  for (const row of rows)
    stored.set(row.channelId, [...(stored.get(row.channelId) ?? []), { ...row, byHand: row.enteredByHand }]);
  return stored;
}

/** Inside the applying transaction `tx` is given: the channels are locked before existing rows are read. */
async function plan(
  db: TDb,
  entries: TXmltvEntry[],
  input: Pick<TXmltvImportInput, 'mapping' | 'replace'>,
  domain: string,
  tx?: Prisma.TransactionClient,
): Promise<TImportPlan> {
  const channels = await matchChannels(db, entries, input.mapping, domain);
  const channelIds = [...channels.values()].flatMap((m) => ('channelId' in m ? [m.channelId] : []));
  if (tx) await lockChannelSchedule(tx, channelIds);
  const stored = await storedProgrammes(db, channelIds, entries);
  return evaluateEntries(entries, channels, stored, input.replace);
}

/** Writes the plan: removals free the starts that inserts take, so they go first. */
async function apply(tx: Prisma.TransactionClient, actor: TActor, source: string, result: TImportPlan) {
  await deleteProgrammes(tx, result.removals);
  await updateProgrammes(tx, result.updates);
  await insertProgrammes(tx, result.inserts);
  const written = [...result.inserts, ...result.updates.map((u) => u.row)];
  const first = written.reduce((min, row) => Math.min(min, row.startsAt.getTime()), Number.POSITIVE_INFINITY);
  const last = written.reduce((max, row) => Math.max(max, row.endsAt.getTime()), Number.NEGATIVE_INFINITY);
  await recordAudit(tx, actor, {
    action: 'schedule.import',
    entityType: 'Schedule',
    entityId: randomUUID(),
    after: {
      source,
      accepted: result.inserts.length,
      updated: result.updates.length,
      unchanged: result.unchanged,
      rejected: result.report.filter((e) => e.status === 'rejected').length,
      replaced: result.removals.length,
      channels: [...new Set(written.map((row) => row.channelId))],
      from: written.length ? new Date(first) : null,
      to: written.length ? new Date(last) : null,
    },
  });
}

/**
 * Reads, checks and (unless a dry run) stores an XMLTV file in one transaction with one audit entry. Importing
 * what is already stored writes nothing at all (no audit entry either): a daily re-import is a no-op.
 * A URL is fetched through the SSRF guard under `options.fetchPolicy` (FETCH_ALLOW_PRIVATE_NETS).
 */
export async function importXmltv(
  prisma: PrismaClient,
  actor: TActor,
  input: TXmltvImportInput,
  options: TImportOptions = {},
): Promise<TXmltvImportReport> {
  const domain = options.xmltvIdDomain ?? DEFAULT_XMLTV_ID_DOMAIN;
  const source = input.source.kind === 'file' ? `file ${input.source.filename}` : input.source.url;
  const report = (fields: Partial<TXmltvImportReport>): TXmltvImportReport => ({
    source,
    dryRun: input.dryRun,
    applied: false,
    parseError: null,
    accepted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    replaced: 0,
    entries: [],
    ...fields,
  });
  const fetched =
    input.source.kind === 'file'
      ? { ok: true as const, text: input.source.xml }
      : await fetchFeed(input.source.url, options.limits ?? FEED_FETCH_LIMITS, options.fetchPolicy ?? {});
  if (!fetched.ok) return report({ parseError: fetched.error });
  const parsed = parseXmltv(fetched.text);
  if (!parsed.ok) return report({ parseError: parsed.error });

  const summarise = (result: TImportPlan, applied: boolean) =>
    report({
      applied,
      accepted: result.inserts.length,
      updated: result.updates.length,
      unchanged: result.unchanged,
      rejected: result.report.filter((e) => e.status === 'rejected').length,
      replaced: result.removals.length,
      entries: result.report,
    });
  if (input.dryRun) return summarise(await plan(prisma, parsed.entries, input, domain), false);

  return prisma.$transaction(
    async (tx) => {
      const result = await plan(tx, parsed.entries, input, domain, tx);
      const changes = result.inserts.length + result.updates.length + result.removals.length;
      if (changes === 0) return summarise(result, false);
      await apply(tx, actor, source, result);
      return summarise(result, true);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
