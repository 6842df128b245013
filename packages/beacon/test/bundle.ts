import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface TEsbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: Array<{ text: string }> }>;
}

/** esbuild is not a dependency of this package; it is reached through vitest → vite, which ship with it. */
async function loadEsbuild(): Promise<TEsbuild> {
  const fromHere = createRequire(import.meta.url);
  const fromVite = createRequire(createRequire(fromHere.resolve('vitest')).resolve('vite'));
  return (await import(fromVite.resolve('esbuild'))) as TEsbuild;
}

/** The library as one browser ES module. */
export async function bundleBeacon(): Promise<string> {
  const esbuild = await loadEsbuild();
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
  });
  const text = result.outputFiles?.[0]?.text;
  if (!text) throw new Error('esbuild produced no output');
  return text;
}
