import { macDigits } from '@keten/contracts';
import { Prisma, type PrismaClient } from '@keten/db/client';
import type { TSupportSearchInput } from './subscribers.schema';

export type TMatchField = 'accountNumber' | 'name' | 'email' | 'serial' | 'mac';

export interface TSupportHit {
  id: string;
  accountNumber: string;
  name: string;
  email: string | null;
  region: string;
  status: string;
  /** Which fields matched, with the matching value (a box's serial or MAC for device matches). */
  matches: { field: TMatchField; value: string }[];
}

/** `%`, `_` and `\` typed by the agent are literal characters, not wildcards. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The colon-separated forms a run of MAC hex digits can take inside a stored MAC ("a4:2b:8c:…"):
 * starting on an octet boundary or one digit into an octet. "a42b" → ["a4:2b", "a:42:b"].
 */
export function macPatterns(digits: string): string[] {
  const split = (text: string) => text.match(/.{1,2}/g) ?? [];
  const aligned = split(digits).join(':');
  const shifted = [digits.slice(0, 1), ...split(digits.slice(1))].join(':');
  return [...new Set([aligned, shifted])].map((form) => `%${likeEscape(form)}%`);
}

interface TRawHit {
  subscriber_id: string;
  field: TMatchField;
  value: string;
  rank: number;
}

/**
 * One box, many kinds of query: partial name, account number, e-mail, serial or MAC. Each branch is an
 * ILIKE served by a pg_trgm GIN index; exact and prefix matches rank before mere substrings.
 */
export async function supportSearch(
  prisma: PrismaClient,
  input: TSupportSearchInput,
): Promise<TSupportHit[]> {
  const q = input.q.trim();
  const contains = `%${likeEscape(q)}%`;
  const prefix = `${likeEscape(q)}%`;
  const rank = (column: Prisma.Sql) =>
    Prisma.sql`CASE WHEN lower(${column}) = lower(${q}) THEN 0 WHEN ${column} ILIKE ${prefix} THEN 1 ELSE 2 END`;
  const branch = (field: TMatchField, table: Prisma.Sql, column: Prisma.Sql, where: Prisma.Sql) =>
    Prisma.sql`(SELECT ${field}::text AS field, t.subscriber_id, ${column} AS value, ${rank(column)} AS rank
       FROM ${table} WHERE ${where} ORDER BY 4, 3 LIMIT ${input.limit})`;
  const subscribers = Prisma.sql`(SELECT id AS subscriber_id, name, email, account_number FROM subscribers) t`;
  const branches = [
    branch(
      'accountNumber',
      subscribers,
      Prisma.sql`t.account_number`,
      Prisma.sql`t.account_number ILIKE ${contains}`,
    ),
    branch('name', subscribers, Prisma.sql`t.name`, Prisma.sql`t.name ILIKE ${contains}`),
    branch('email', subscribers, Prisma.sql`t.email`, Prisma.sql`t.email ILIKE ${contains}`),
    branch(
      'serial',
      Prisma.sql`devices t`,
      Prisma.sql`t.serial`,
      Prisma.sql`t.serial ILIKE ${contains} AND t.subscriber_id IS NOT NULL`,
    ),
  ];
  const digits = macDigits(q);
  if (digits) {
    branches.push(
      branch(
        'mac',
        Prisma.sql`devices t`,
        Prisma.sql`t.mac`,
        Prisma.sql`t.mac ILIKE ANY(${macPatterns(digits)}::text[]) AND t.subscriber_id IS NOT NULL`,
      ),
    );
  }
  const raw = await prisma.$queryRaw<TRawHit[]>(Prisma.sql`${Prisma.join(branches, ' UNION ALL ')}`);
  return groupHits(prisma, raw, input.limit);
}

async function groupHits(prisma: PrismaClient, raw: TRawHit[], limit: number): Promise<TSupportHit[]> {
  const best = new Map<string, { rank: number; matches: TSupportHit['matches'] }>();
  for (const hit of raw) {
    const entry = best.get(hit.subscriber_id) ?? { rank: hit.rank, matches: [] };
    entry.rank = Math.min(entry.rank, hit.rank);
    entry.matches.push({ field: hit.field, value: hit.value });
    best.set(hit.subscriber_id, entry);
  }
  const ids = [...best.keys()];
  const rows = await prisma.subscriber.findMany({
    where: { id: { in: ids } },
    select: { id: true, accountNumber: true, name: true, email: true, region: true, status: true },
  });
  return rows
    .map((row) => ({ ...row, matches: best.get(row.id)?.matches ?? [] }))
    .sort(
      (a, b) =>
        (best.get(a.id)?.rank ?? 9) - (best.get(b.id)?.rank ?? 9) ||
        a.name.localeCompare(b.name) ||
        a.accountNumber.localeCompare(b.accountNumber),
    )
    .slice(0, limit);
}
