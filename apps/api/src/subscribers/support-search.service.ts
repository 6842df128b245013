import type { PrismaClient } from '@keten/db/client';
import type { TSupportSearchInput } from './subscribers.schema';
import { exactSearchSql, partialSearchSql, type TMatchField } from './support-search.sql';

export { macPatterns, type TMatchField } from './support-search.sql';

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

interface TRawHit {
  id: string;
  account_number: string;
  name: string;
  email: string | null;
  region: string;
  status: string;
  field: TMatchField;
  value: string;
  rank: number;
}

/**
 * One box, many kinds of query: partial name, account number, e-mail, serial or MAC. A complete value
 * (account number, e-mail, serial, MAC) is answered from the unique indexes alone; otherwise trigram search.
 */
export async function supportSearch(
  prisma: PrismaClient,
  input: TSupportSearchInput,
): Promise<TSupportHit[]> {
  const q = input.q.trim();
  const exact = await prisma.$queryRaw<TRawHit[]>(exactSearchSql(q));
  const raw = exact.length > 0 ? exact : await prisma.$queryRaw<TRawHit[]>(partialSearchSql({ ...input, q }));
  return groupHits(raw, input.limit);
}

function groupHits(raw: TRawHit[], limit: number): TSupportHit[] {
  const hits = new Map<string, TSupportHit & { rank: number }>();
  for (const row of raw) {
    const hit = hits.get(row.id) ?? {
      id: row.id,
      accountNumber: row.account_number,
      name: row.name,
      email: row.email,
      region: row.region,
      status: row.status,
      matches: [],
      rank: row.rank,
    };
    hit.rank = Math.min(hit.rank, Number(row.rank));
    if (!hit.matches.some((m) => m.field === row.field && m.value === row.value)) {
      hit.matches.push({ field: row.field, value: row.value });
    }
    hits.set(row.id, hit);
  }
  return [...hits.values()]
    .sort(
      (a, b) =>
        a.rank - b.rank || a.name.localeCompare(b.name) || a.accountNumber.localeCompare(b.accountNumber),
    )
    .slice(0, limit)
    .map(({ rank: _rank, ...hit }) => hit);
}
