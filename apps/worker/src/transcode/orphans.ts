import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A worker killed with SIGKILL cannot stop its ffmpeg, which keeps writing into the job's temp folder.
 * Each ffmpeg therefore leaves `<tmpDir>.pid` holding "<ffmpeg pid> <worker pid>". Two ways it is reaped:
 * - whoever runs the job next kills it before starting over (`reapOrphan`);
 * - every transcode worker sweeping MEDIA_ROOT/.tmp (`sweepOrphans`, at start and periodically) kills any
 *   ffmpeg whose parent is no longer the worker that started it, so it dies even if its job is never
 *   retried on this machine (cancelled meanwhile, run elsewhere, or removed).
 * A pid is only killed while its command line still names the folder: a recycled pid belongs to someone else.
 * Limits: only processes on this machine can be seen, so MEDIA_ROOT/.tmp must not be shared between
 * machines; a machine with no transcode worker left runs its orphan to the end of its input (a file
 * transcode ends by itself); the temp folder of a job that never runs again stays until removed.
 */
export function writePidFile(pidFile: string, ffmpegPid: number): Promise<void> {
  return writeFile(pidFile, `${ffmpegPid} ${process.pid}`);
}

async function readPidFile(pidFile: string): Promise<{ pid: number; owner: number | null } | null> {
  const [pid, owner] = (await readFile(pidFile, 'utf8').catch(() => '')).trim().split(/\s+/).map(Number);
  if (!Number.isInteger(pid) || pid === undefined || pid <= 0) return null;
  return { pid, owner: Number.isInteger(owner) && owner !== undefined && owner > 0 ? owner : null };
}

/** ffmpeg's parent pid, or null when the process is gone (field 4 of /proc/<pid>/stat, after the name). */
async function parentOf(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function kill(pid: number, folder: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(`${folder}/`)) return false;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return false;
  }
  for (let i = 0; i < 40 && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')) !== ''; i++)
    await sleep(50);
  return true;
}

/** Before (re)running a job: whatever still writes into its folder is stale, whoever started it. */
export async function reapOrphan(pidFile: string, folder: string): Promise<number | null> {
  const entry = await readPidFile(pidFile);
  await rm(pidFile, { force: true });
  if (!entry) return null;
  return (await kill(entry.pid, folder)) ? entry.pid : null;
}

/** Kills every ffmpeg under `tmpRoot` whose worker died (it is no longer that ffmpeg's parent). Returns their pids. */
export async function sweepOrphans(tmpRoot: string): Promise<number[]> {
  const names = await readdir(tmpRoot).catch(() => [] as string[]);
  const reaped: number[] = [];
  for (const name of names.filter((file) => file.endsWith('.pid'))) {
    const pidFile = join(tmpRoot, name);
    const entry = await readPidFile(pidFile);
    if (!entry?.owner) continue;
    const parent = await parentOf(entry.pid);
    if (parent === entry.owner) continue; // its worker is alive and still running it
    const folder = pidFile.slice(0, -'.pid'.length);
    if (parent !== null && (await kill(entry.pid, folder))) reaped.push(entry.pid);
    // Only if nobody has rerun the job meanwhile (a new run writes a new pid file). The folder itself is
    // left for the job's next run, which starts by emptying it: removing it here could race that run.
    const now = await readPidFile(pidFile);
    if (now?.pid === entry.pid) await rm(pidFile, { force: true });
  }
  return reaped;
}

/**
 * Sweeps `folders()` for orphaned ffmpegs at once and every stalled-check interval while `worker` runs,
 * so a dead worker's encoders die even if their job never comes back to this machine.
 */
export function sweepWhileRunning(
  worker: { once(event: 'closing', listener: () => void): unknown },
  everyMs: number,
  folders: () => Promise<string[]>,
  what: string,
) {
  const sweep = async () => {
    const pids = (await Promise.all((await folders()).map((folder) => sweepOrphans(folder)))).flat();
    if (pids.length) console.log(`worker: killed orphaned ${what} ${pids.join(', ')}`);
  };
  void sweep().catch(() => undefined);
  const timer = setInterval(() => void sweep().catch(() => undefined), everyMs);
  timer.unref();
  worker.once('closing', () => clearInterval(timer));
}
