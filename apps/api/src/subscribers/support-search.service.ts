import type { PrismaClient } from '@keten/db/client';
import type { TSupportSearchInput } from './subscribers.schema';
import { exactSearchSql, partialSearchSql, type TMatchField } from './support-search.sql';

export type { TMatchField } from './support-search.sql';

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

// A complete value of these names one household: nothing partial can rank above it, so the trigram search is skipped.
const IDENTIFYING: ReadonlySet<TMatchField> = new Set(['accountNumber', 'email', 'serial', 'mac']);

/**
 * One box, many kinds of query: partial name, account number, e-mail, serial or MAC. Exact values rank first
 * (from the unique indexes; a complete account number, e-mail, serial or MAC is answered by them alone), then
 * values that start (for a MAC: start or end) with the text, then those that hold it (trigram search).
 */
export async function supportSearch(
  prisma: PrismaClient,
  input: TSupportSearchInput,
): Promise<TSupportHit[]> {
  const q = input.q.trim();
  const exact = await prisma.$queryRaw<TRawHit[]>(exactSearchSql(q));
  if (exact.some((hit) => IDENTIFYING.has(hit.field))) return groupHits(exact, input.limit);
  const partial = partialSearchSql({ ...input, q });
  const rest = partial ? await prisma.$queryRaw<TRawHit[]>(partial) : [];
  return groupHits([...exact, ...rest], input.limit);
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
      rank: Number(row.rank),
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
