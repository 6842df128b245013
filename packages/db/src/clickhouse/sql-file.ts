import { readFileSync } from 'node:fs';

/** Read a `.sql` file that sits next to the module `moduleUrl` (pass `import.meta.url`). */
export function readSqlFile(fileName: string, moduleUrl: string): string {
  const text = readFileSync(new URL(fileName, moduleUrl), 'utf8');
  // The client appends `FORMAT …`, so a trailing `;` would break the statement.
  return text.replace(/;\s*$/, '').trim();
}

/** Split a script into statements at `;` ending a line; chunks holding only comments are dropped. */
export function splitSqlStatements(script: string): string[] {
  return script
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')));
}
