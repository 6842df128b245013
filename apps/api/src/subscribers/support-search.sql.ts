import { macDigits, type TSupportSearchInput } from '@keten/contracts';
import { Prisma } from '@keten/db/client';
import { likeEscape } from '../lib/like';
import { macBoundaryPatterns, macContainsPatterns, macEndPatterns, macFragments } from './mac-fragments';

export type TMatchField = 'accountNumber' | 'name' | 'email' | 'serial' | 'mac';

/** Which fields a query can plausibly be: a name has letters, an e-mail an @, a MAC only hex digits. */
export function plausibleFields(q: string): Set<TMatchField> {
  const fields = new Set<TMatchField>();
  const digits = macDigits(q);
  const separated = /[:-]/.test(q);
  if (digits && (separated || digits.length >= 4)) fields.add('mac');
  if (q.includes('@')) return new Set(['email']);
  if (/\s/.test(q)) return new Set(['name']);
  if (separated && digits) return fields;
  if (/\d/.test(q)) {
    fields.add('accountNumber').add('serial');
    if (/[a-z]/i.test(q) && !/^[a-z]{1,4}\d+$/i.test(q)) fields.add('email');
    return fields;
  }
  // Letters only: a name or the start of an e-mail; serial and account prefixes are too short to help.
  return fields.add('name').add('email');
}

const SUBSCRIBER_COLUMNS = Prisma.sql`s.id, s.account_number, s.name, s.email, s.region, s.status::text AS status`;

/** Exact matches through the unique and b-tree indexes: a full account number, e-mail, serial or MAC. */
export function exactSearchSql(q: string): Prisma.Sql {
  const digits = macDigits(q);
  const mac = digits?.length === 12 ? (digits.match(/.{2}/g) ?? []).join(':') : null;
  return Prisma.sql`
    SELECT ${SUBSCRIBER_COLUMNS}, m.field, m.value, 0 AS rank FROM (
      SELECT 'accountNumber' AS field, id AS subscriber_id, account_number AS value FROM subscribers WHERE account_number = upper(${q})
      UNION ALL SELECT 'email', id, email FROM subscribers WHERE email = lower(${q})
      UNION ALL SELECT 'name', id, name FROM subscribers WHERE name = ${q}
      UNION ALL SELECT 'serial', subscriber_id, serial FROM devices WHERE serial = upper(${q}) AND subscriber_id IS NOT NULL
      UNION ALL SELECT 'mac', subscriber_id, mac FROM devices WHERE mac = ${mac} AND subscriber_id IS NOT NULL
    ) m JOIN subscribers s ON s.id = m.subscriber_id`;
}

/**
 * Partial matches: one ILIKE branch per plausible field, each served by a pg_trgm GIN index. No ORDER BY inside
 * a branch, so a common fragment ("jan") stops at the limit instead of sorting thousands of rows; prefix
 * matches still rank first among those found. Exported so the benchmark can EXPLAIN it.
 */
export function partialSearchSql(input: TSupportSearchInput): Prisma.Sql | null {
  const q = input.q.trim();
  const fields = plausibleFields(q);
  const contains = `%${likeEscape(q)}%`;
  const prefix = `${likeEscape(q)}%`;
  const branch = (field: TMatchField, table: string, column: string, where: Prisma.Sql, starts: Prisma.Sql) =>
    Prisma.sql`(SELECT ${field}::text AS field, ${Prisma.raw(table === 'devices' ? 'subscriber_id' : 'id')} AS subscriber_id,
       ${Prisma.raw(column)} AS value, CASE WHEN ${starts} THEN 1 ELSE 2 END AS rank
       FROM ${Prisma.raw(table)} WHERE ${where} LIMIT ${input.limit})`;
  const ilike = (field: TMatchField, table: string, column: string) => {
    const assigned = table === 'devices' ? Prisma.sql` AND subscriber_id IS NOT NULL` : Prisma.empty;
    const col = Prisma.raw(column);
    return branch(
      field,
      table,
      column,
      Prisma.sql`${col} ILIKE ${contains}${assigned}`,
      Prisma.sql`${col} ILIKE ${prefix}`,
    );
  };
  const branches: Prisma.Sql[] = [];
  if (fields.has('accountNumber')) branches.push(ilike('accountNumber', 'subscribers', 'account_number'));
  if (fields.has('name')) branches.push(ilike('name', 'subscribers', 'name'));
  if (fields.has('email')) branches.push(ilike('email', 'subscribers', 'email'));
  if (fields.has('serial')) branches.push(ilike('serial', 'devices', 'serial'));
  const fragments = fields.has('mac') ? macFragments(q) : [];
  if (fragments.length > 0) {
    // Octet boundaries respected; a fragment at the MAC's start or end (a sticker's tail) ranks before one inside.
    branches.push(
      branch(
        'mac',
        'devices',
        'mac',
        Prisma.sql`mac LIKE ANY(${macContainsPatterns(fragments)}::text[])
          AND (':' || mac) LIKE ANY(${macBoundaryPatterns(fragments)}::text[]) AND subscriber_id IS NOT NULL`,
        Prisma.sql`mac LIKE ANY(${macEndPatterns(fragments)}::text[])`,
      ),
    );
  }
  // Nothing it could be (separators that split an octet, "0:0:1a"): no query at all.
  if (branches.length === 0) return null;
  return Prisma.sql`SELECT ${SUBSCRIBER_COLUMNS}, m.field, m.value, m.rank
    FROM (${Prisma.join(branches, ' UNION ALL ')}) m JOIN subscribers s ON s.id = m.subscriber_id`;
}
