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
 * A kill is reported only once the process is gone (every thread exited), never on a timer.
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

interface TProcess {
  state: string;
  parent: number;
  /** Field 22, in clock ticks since boot: tells a recycled pid from the process we looked at before. */
  startTime: string;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces), or null when there is none. */
async function statOf(path: string): Promise<TProcess | null> {
  const stat = await readFile(path, 'utf8').catch(() => null);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', parent: Number(fields[1]), startTime: fields[19] ?? '' };
}

const DEAD_STATES = new Set(['Z', 'X', 'x']);

/**
 * Gone = no longer in /proc, recycled, or every thread exited (a zombie nobody reaps writes nothing more).
 * The leader turns zombie before a multithreaded ffmpeg's other threads are down, so each thread is read.
 */
async function isGone(pid: number, startTime: string): Promise<boolean> {
  const leader = await statOf(`/proc/${pid}/stat`);
  if (!leader || leader.startTime !== startTime) return true;
  const threads = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const tid of threads) {
    const thread = await statOf(`/proc/${pid}/task/${tid}/stat`);
    if (thread && !DEAD_STATES.has(thread.state)) return false;
  }
  return true;
}

/** How long a SIGKILLed encoder may take to die: tearing down a big ffmpeg on a loaded machine takes seconds. */
export const DEATH_WAIT_MS = 15_000;

type TKillResult = 'killed' | 'not-ours' | 'survived';

/** SIGKILLs `pid` if it still writes into `folder`, then waits (bounded) until it is gone. */
async function kill(pid: number, folder: string, waitMs: number): Promise<TKillResult> {
  const before = await statOf(`/proc/${pid}/stat`);
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!before || !cmdline.includes(`${folder}/`)) return 'not-ours';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'not-ours';
  }
  const deadline = Date.now() + waitMs;
  while (!(await isGone(pid, before.startTime))) {
    if (Date.now() > deadline) return 'survived';
    await sleep(50);
  }
  return 'killed';
}

/**
 * Before (re)running a job: whatever still writes into its folder is stale, whoever started it. Throws
 * (the caller retries later) when it outlives DEATH_WAIT_MS, so two encoders never share one folder.
 */
export async function reapOrphan(
  pidFile: string,
  folder: string,
  waitMs = DEATH_WAIT_MS,
): Promise<number | null> {
  const entry = await readPidFile(pidFile);
  if (!entry) {
    await rm(pidFile, { force: true });
    return null;
  }
  const result = await kill(entry.pid, folder, waitMs);
  if (result === 'survived')
    throw new Error(`the earlier ffmpeg ${entry.pid} still runs ${waitMs / 1000} s after SIGKILL`);
  await rm(pidFile, { force: true });
  return result === 'killed' ? entry.pid : null;
}

/**
 * Kills every ffmpeg under `tmpRoot` whose worker died (it is no longer that ffmpeg's parent). Returns the
 * pids that are gone; one that survives the wait keeps its pid file, so the next sweep tries again.
 */
export async function sweepOrphans(tmpRoot: string, waitMs = DEATH_WAIT_MS): Promise<number[]> {
  const names = await readdir(tmpRoot).catch(() => [] as string[]);
  const reaped: number[] = [];
  for (const name of names.filter((file) => file.endsWith('.pid'))) {
    const pidFile = join(tmpRoot, name);
    const entry = await readPidFile(pidFile);
    if (!entry?.owner) continue;
    const encoder = await statOf(`/proc/${entry.pid}/stat`);
    if (encoder?.parent === entry.owner) continue; // its worker is alive and still running it (or reaping it)
    const folder = pidFile.slice(0, -'.pid'.length);
    const result = encoder ? await kill(entry.pid, folder, waitMs) : 'not-ours';
    if (result === 'survived') continue;
    if (result === 'killed') reaped.push(entry.pid);
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
  let sweeping = false;
  // One sweep at a time: a sweep waiting for a slow death must not overlap the next and kill twice.
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const pids = (await Promise.all((await folders()).map((folder) => sweepOrphans(folder)))).flat();
      if (pids.length) console.log(`worker: killed orphaned ${what} ${pids.join(', ')}`);
    } finally {
      sweeping = false;
    }
  };
  void sweep().catch(() => undefined);
  const timer = setInterval(() => void sweep().catch(() => undefined), everyMs);
  timer.unref();
  worker.once('closing', () => clearInterval(timer));
}
