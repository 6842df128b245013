// Adds up the vitest JSON reports the suite left in each package and prints one closing line:
// "tests: N passed, N failed" (plus skipped), so a run's outcome is readable at a glance.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const suites = [];
for (const group of ['apps', 'packages']) {
  for (const name of readdirSync(join(root, group))) {
    for (const file of ['.vitest-results.json', '.vitest-e2e-results.json']) {
      const path = join(root, group, name, file);
      if (!existsSync(path)) continue;
      const report = JSON.parse(readFileSync(path, 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + (report.numTodoTests ?? 0);
      suites.push(
        `${group}/${name}${file.includes('e2e') ? ' (browser)' : ''}: ${report.numPassedTests}/${report.numTotalTests}`,
      );
    }
  }
}
console.log(suites.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
