import { REGIONS } from '@keten/contracts';
import { CsvError, parse } from 'csv-parse/sync';

export interface TImportProblem {
  /** Line in the file: the header is line 1. */
  row: number;
  /** The column as named in the file's header, or empty when the whole row or file is at fault. */
  column: string;
  reason: string;
}

export interface TCsvRow {
  line: number;
  values: Record<string, string>;
  /** Field name → the header the file used for it, so problems use the operator's own words. */
  columnNames: Record<string, string>;
}

// Header names are matched loosely: "Account number", "account_number" and "accountNumber" are one column.
const COLUMNS: Record<string, string> = {
  accountnumber: 'accountNumber',
  name: 'name',
  email: 'email',
  region: 'region',
  city: 'city',
  postcode: 'postcode',
  status: 'status',
  maxconcurrentstreams: 'maxConcurrentStreams',
};
const REQUIRED = ['accountNumber', 'name', 'region'];
const MAX_ROWS = 50_000;

const REGION_BY_KEY = new Map<string, string>(REGIONS.map((region) => [region.toLowerCase(), region]));

/** Billing exports write "active" or "noord-holland": accept them as the canonical spelling. */
function canonical(field: string, value: string): string {
  if (field === 'status') return value.toUpperCase();
  if (field === 'region') return REGION_BY_KEY.get(value.toLowerCase()) ?? value;
  return value;
}

const key = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');

/** Parses the file into rows keyed by field; a malformed file or header becomes problems, never an exception. */
export function parseSubscriberCsv(text: string): { rows: TCsvRow[]; problems: TImportProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    return {
      rows: [],
      problems: [{ row: line, column: '', reason: `not readable as CSV: ${error.message}` }],
    };
  }
  const header = records[0]?.record;
  const data = records.slice(1);
  if (!header) return { rows: [], problems: [{ row: 1, column: '', reason: 'the file is empty' }] };
  const fields = header.map((name) => COLUMNS[key(name)]);
  const problems: TImportProblem[] = [];
  header.forEach((name, index) => {
    if (!fields[index])
      problems.push({
        row: 1,
        column: name,
        reason: `unknown column; expected ${Object.values(COLUMNS).join(', ')}`,
      });
  });
  for (const field of REQUIRED) {
    if (!fields.includes(field))
      problems.push({ row: 1, column: field, reason: 'required column is missing' });
  }
  if (data.length > MAX_ROWS)
    problems.push({ row: 1, column: '', reason: `at most ${MAX_ROWS} rows per file` });
  if (problems.length > 0) return { rows: [], problems };

  const columnNames: Record<string, string> = {};
  fields.forEach((field, index) => {
    if (field) columnNames[field] = header[index] ?? field;
  });
  const rows = data.map(({ record, info }): TCsvRow => {
    const values: Record<string, string> = {};
    fields.forEach((field, column) => {
      const value = record[column];
      if (field && value !== undefined && value !== '') values[field] = canonical(field, value);
    });
    return { line: info.lines, values, columnNames };
  });
  return { rows, problems };
}
