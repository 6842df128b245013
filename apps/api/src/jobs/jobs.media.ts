import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MEDIA_INPUT_FOLDER } from '@keten/contracts';
import { inputNameOf, mediaInputFolder } from './jobs.paths';

const run = promisify(execFile);

/** A folder of thousands of files is not a picker any more: the list says it was cut. */
const MAX_FILES = 500;
const MAX_DEPTH = 4;
/** Durations come from ffprobe: one request spends at most this long on files it has not seen yet. */
const PROBE_BUDGET_MS = 2_000;
const PROBE_TIMEOUT_MS = 3_000;
export const DEFAULT_FFPROBE_PATH = '/usr/bin/ffprobe';

export interface TMediaInputFile {
  /** Relative to the input folder, forward slashes: what the form sends back as inputFile. */
  name: string;
  bytes: number;
  modifiedAt: Date;
  /** Null when ffprobe could not read one (not a media file) or has not got to it yet. */
  durationSeconds: number | null;
}

type TFound = Omit<TMediaInputFile, 'durationSeconds'> & { path: string };

/** Files (no links, no dot-files) under the folder, by name, depth-first; stops at MAX_FILES. */
async function walk(folder: string, dir: string, depth: number, found: TFound[]): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DEPTH) {
      if (await walk(folder, path, depth + 1, found)) return true;
    } else if (entry.isFile()) {
      if (found.length >= MAX_FILES) return true;
      const info = await stat(path).catch(() => null);
      if (info)
        found.push({ path, name: inputNameOf(folder, path), bytes: info.size, modifiedAt: info.mtime });
    }
  }
  return false;
}

// Keyed by path, size and time: a replaced file is probed again. Bounded by the folder's own size.
const durations = new Map<string, number | null>();
const cacheKey = (file: TFound) => `${file.path}\n${file.bytes}\n${file.modifiedAt.getTime()}`;

async function probeDuration(ffprobePath: string, path: string): Promise<number | null> {
  try {
    const { stdout } = await run(
      ffprobePath,
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', path],
      { timeout: PROBE_TIMEOUT_MS },
    );
    const seconds = Number.parseFloat(stdout.trim());
    return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  } catch {
    return null;
  }
}

/** What the "New transcode" form offers: the media input folder's files with size and, when known, duration. */
export async function listMediaInputs(mediaRoot: string, ffprobePath = DEFAULT_FFPROBE_PATH) {
  const folder = mediaInputFolder(mediaRoot);
  const found: TFound[] = [];
  const truncated = await walk(folder, folder, 0, found);
  const deadline = Date.now() + PROBE_BUDGET_MS;
  const files: TMediaInputFile[] = [];
  for (const file of found) {
    const key = cacheKey(file);
    if (!durations.has(key) && Date.now() < deadline) {
      durations.set(key, await probeDuration(ffprobePath, file.path));
    }
    const { path: _path, ...shown } = file;
    files.push({ ...shown, durationSeconds: durations.get(key) ?? null });
  }
  if (durations.size > MAX_FILES * 4) durations.clear();
  return { folder: `${MEDIA_INPUT_FOLDER}/`, files, truncated };
}
