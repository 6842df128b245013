/**
 * `pnpm --filter @keten/api lint:openapi` (./keten test runs it): Redocly CLI's recommended rules, warnings
 * included (redocly.yaml), on the document GET /v1/openapi.json serves, built by the same function.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deviceOpenApi } from './openapi';

const apiRoot = fileURLToPath(new URL('../..', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'keten-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  // Without PUBLIC_API_URL, as a fresh install serves it; the server URL is the only part that varies.
  await writeFile(file, JSON.stringify(deviceOpenApi({}), null, 2));
  // The CLI reads its ignore file (each exception with its reason) next to its config, by paths relative to it.
  for (const name of ['redocly.yaml', '.redocly.lint-ignore.yaml'])
    await copyFile(join(apiRoot, name), join(dir, name));
  const lint = spawnSync(
    join(apiRoot, 'node_modules/.bin/redocly'),
    ['lint', '--config', join(dir, 'redocly.yaml'), '--format', 'stylish', 'openapi.json'],
    { cwd: dir, encoding: 'utf8' },
  );
  // The CLI boxes a notice about Node 20's end of life around every run: not about the document.
  const output = `${lint.stdout}${lint.stderr}`
    .split('\n')
    .filter((line) => !/[║╔╚═]/.test(line))
    .join('\n')
    .trim();
  console.log(output);
  process.exitCode = lint.status ?? 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
