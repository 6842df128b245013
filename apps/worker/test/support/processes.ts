import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const workerDir = fileURLToPath(new URL('../..', import.meta.url));

/** `src/main.ts` as its own process, as production runs it; `waitFor` polls its combined output. */
export function spawnWorkerProcess(env: Record<string, string | undefined>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += String(chunk);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`worker exited early:\n${output}`);
      if (Date.now() > until) throw new Error(`worker never printed ${pattern}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, pid: child.pid!, waitFor, output: () => output };
}

/** Live ffmpeg processes whose command line names `folder/`, with their parent pid. */
export function ffmpegsWriting(folder: string): { pid: number; parent: number }[] {
  const found: { pid: number; parent: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.split('\0')[0]?.endsWith('ffmpeg') || !cmdline.includes(`${folder}/`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.push({ pid: Number(entry), parent });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

const DEAD = /^[ZXx]/;
const stateOf = (path: string) => readFileSync(path, 'utf8').split(') ')[1] ?? '';

/** Whether any thread of `pid` still runs: a zombie leader can outlive its threads' exit by a while. */
export const isAlive = (pid: number) => {
  try {
    if (!DEAD.test(stateOf(`/proc/${pid}/stat`))) return true;
    return readdirSync(`/proc/${pid}/task`).some((tid) => {
      try {
        return !DEAD.test(stateOf(`/proc/${pid}/task/${tid}/stat`));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
};

/** Waits until none of `pids` runs; names the survivors when `timeoutMs` passes. */
export async function untilDead(pids: number[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`still alive after ${timeoutMs / 1000} s: ${alive.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
