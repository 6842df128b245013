import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClickHouseStoreError } from '../errors';
import { splitSqlStatements } from '../sql-file';

export type TMigrationFile = {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
};

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The migration files of `dir`, numbered 0001, 0002, … without gaps; anything else is refused. */
export function readMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): TMigrationFile[] {
  const sqlFiles = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  return sqlFiles.map((file, index) => {
    const match = FILE_NAME.exec(file);
    if (!match) throw invalid(file, 'must be named NNNN_snake_case.sql');
    const version = Number(match[1]);
    if (version !== index + 1) throw invalid(file, `expected number ${String(index + 1).padStart(4, '0')}`);
    const text = readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n');
    const statements = splitSqlStatements(text);
    if (statements.length === 0) throw invalid(file, 'holds no statement');
    return {
      version,
      name: file.slice(0, -'.sql'.length),
      checksum: createHash('sha256').update(text).digest('hex'),
      statements,
    };
  });
}

/** The number kept in migrations/LATEST: a second branch adding the same number conflicts on this file. */
export function readLatestMigrationNumber(dir: string = DEFAULT_MIGRATIONS_DIR): number {
  return Number(readFileSync(join(dir, 'LATEST'), 'utf8').trim());
}

function invalid(file: string, reason: string): ClickHouseStoreError {
  return new ClickHouseStoreError('CLICKHOUSE_MIGRATION_FILE_INVALID', `Migration ${file} ${reason}`, file);
}
