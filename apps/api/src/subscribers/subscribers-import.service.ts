import { randomUUID } from 'node:crypto';
import { type TSubscriberCreateInput, ZSubscriberCreateSchema } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import type { TSubscriberImportInput } from './subscribers.schema';
import { parseSubscriberCsv, type TCsvRow, type TImportProblem } from './subscribers-csv';

export interface TImportReport {
  dryRun: boolean;
  /** Data rows read from the file. */
  rows: number;
  /** Rows written; always 0 on a dry run or when any row has a problem. */
  imported: number;
  problems: TImportProblem[];
}

const MAX_PROBLEMS = 500;

function validateRow(row: TCsvRow, problems: TImportProblem[]): TSubscriberCreateInput | null {
  const parsed = ZSubscriberCreateSchema.safeParse(row.values);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const column = String(issue.path[0] ?? '');
    problems.push({ row: row.line, column: row.columnNames[column] ?? column, reason: issue.message });
  }
  return null;
}

/**
 * Imports subscribers from CSV all-or-nothing: every row is checked (fields, duplicates within the file,
 * account numbers already taken) and one problem anywhere means nothing is written.
 */
export async function importSubscribers(
  prisma: PrismaClient,
  actor: TActor,
  input: TSubscriberImportInput,
): Promise<TImportReport> {
  const parsed = parseSubscriberCsv(input.csv);
  const problems = [...parsed.problems];
  const valid: { line: number; data: TSubscriberCreateInput; column: string }[] = [];
  const seen = new Map<string, number>();
  for (const row of parsed.rows) {
    const data = validateRow(row, problems);
    if (!data) continue;
    const column = row.columnNames.accountNumber ?? 'accountNumber';
    const first = seen.get(data.accountNumber);
    if (first !== undefined) {
      problems.push({
        row: row.line,
        column,
        reason: `duplicate account number ${data.accountNumber} (also on row ${first})`,
      });
      continue;
    }
    seen.set(data.accountNumber, row.line);
    valid.push({ line: row.line, data, column });
  }
  const taken = await prisma.subscriber.findMany({
    where: { accountNumber: { in: valid.map((row) => row.data.accountNumber) } },
    select: { accountNumber: true },
  });
  const takenSet = new Set(taken.map((row) => row.accountNumber));
  for (const row of valid) {
    if (takenSet.has(row.data.accountNumber)) {
      problems.push({
        row: row.line,
        column: row.column,
        reason: `account number ${row.data.accountNumber} already exists`,
      });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  const report = {
    dryRun: input.dryRun,
    rows: parsed.rows.length,
    imported: 0,
    problems: problems.slice(0, MAX_PROBLEMS),
  };
  if (problems.length > 0 || input.dryRun || valid.length === 0) return report;

  const importId = randomUUID();
  await prisma.$transaction(async (tx) => {
    await tx.subscriber.createMany({ data: valid.map((row) => row.data) });
    await recordAudit(tx, actor, {
      action: 'subscriber.import',
      entityType: 'Subscriber',
      entityId: `import:${importId}`,
      after: {
        imported: valid.length,
        firstAccountNumber: valid[0]?.data.accountNumber,
        lastAccountNumber: valid.at(-1)?.data.accountNumber,
      },
    });
  });
  return { ...report, imported: valid.length };
}
