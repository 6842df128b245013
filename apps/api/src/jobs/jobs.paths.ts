import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { MEDIA_INPUT_FOLDER } from '@keten/contracts';
import { KetenError } from '../lib/errors';

const FIELD = 'inputFile';

function inside(root: string, path: string) {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The media input folder (MEDIA_ROOT/incoming), absolute. */
export const mediaInputFolder = (mediaRoot: string) => resolve(mediaRoot, MEDIA_INPUT_FOLDER);

/** A path inside the input folder as the console names it: relative, with forward slashes. */
export const inputNameOf = (folder: string, path: string) => relative(folder, path).split(sep).join('/');

/**
 * Resolves a file the operator chose from the media input folder to its real path, checked twice: once as
 * written (no `..` escape, nothing absolute) and once after symlinks are followed. The messages name the file
 * only as the operator knows it, never a path on the server.
 */
export async function resolveMediaInput(
  mediaRoot: string,
  inputFile: string,
): Promise<{ path: string; name: string }> {
  const folder = mediaInputFolder(mediaRoot);
  const wanted = resolve(folder, inputFile);
  if (isAbsolute(inputFile) || !inside(folder, wanted)) {
    throw new KetenError(
      'INVALID_INPUT',
      `Must be a file in the media input folder (${MEDIA_INPUT_FOLDER}/); choose one from the list.`,
      FIELD,
    );
  }
  const name = inputNameOf(folder, wanted);
  const real = await realpath(wanted).catch(() => null);
  if (!real) {
    throw new KetenError(
      'INVALID_INPUT',
      `${name} is no longer in the media input folder (moved or deleted?); choose a file from the list.`,
      FIELD,
    );
  }
  const realFolder = await realpath(folder).catch(() => folder);
  if (!inside(realFolder, real)) {
    throw new KetenError('INVALID_INPUT', `${name} links to a file outside the media input folder.`, FIELD);
  }
  if (!(await stat(real)).isFile()) {
    throw new KetenError('INVALID_INPUT', `${name} is a folder, not a file; choose a file in it.`, FIELD);
  }
  return { path: real, name };
}
