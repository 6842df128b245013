import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { KetenError } from '../lib/errors';

function inside(root: string, path: string) {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Resolves a source path (absolute, or relative to MEDIA_ROOT) to a real file inside MEDIA_ROOT.
 * Checked twice: once as written (no `..` escape) and once after symlinks are followed.
 */
export async function resolveMediaSource(mediaRoot: string, sourcePath: string): Promise<string> {
  const root = resolve(mediaRoot);
  const wanted = resolve(root, sourcePath);
  if (!inside(root, wanted))
    throw new KetenError('INVALID_INPUT', `Must be a file inside the media root (${root}).`, 'sourcePath');
  const real = await realpath(wanted).catch(() => null);
  if (!real) throw new KetenError('INVALID_INPUT', `No such file: ${wanted}.`, 'sourcePath');
  if (!inside(await realpath(root), real))
    throw new KetenError('INVALID_INPUT', 'Links to a file outside the media root.', 'sourcePath');
  if (!(await stat(real)).isFile())
    throw new KetenError('INVALID_INPUT', 'Is a folder, not a file.', 'sourcePath');
  return real;
}
