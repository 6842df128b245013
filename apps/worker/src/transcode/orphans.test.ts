import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { reapOrphan, sweepOrphans } from './orphans';

const root = mkdtempSync(join(tmpdir(), 'keten-orphans-'));
const parents: ChildProcess[] = [];
/** Above any pid_max: the worker named in the pid file is no process's parent any more. */
const DEAD_WORKER = 2 ** 23;

const stateOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? 'gone';
  } catch {
    return 'gone';
  }
};

/**
 * A stand-in encoder: `tail -f <folder>/marker` (its command line names the folder, as ffmpeg's does)
 * whose parent never reaps it, so once killed it stays a zombie: the case of an orphan under an init
 * that does not reap. Returns its pid and its parent's.
 */
async function encoderIn(name: string) {
  const folder = join(root, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'marker'), '');
  const parent = spawn('sh', ['-c', 'tail -f "$MARKER" & echo $!; exec sleep 600'], {
    env: { PATH: process.env.PATH, MARKER: join(folder, 'marker') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  parents.push(parent);
  const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
  const pid = Number(String(line).trim());
  const cmdline = (of: number) => readFileSync(`/proc/${of}/cmdline`, 'utf8');
  // Both forks must have exec'd: the shell could still reap its child, the child is not yet tail.
  for (let tries = 0; !cmdline(parent.pid!).startsWith('sleep') || !cmdline(pid).includes(folder); tries++) {
    if (tries > 100) throw new Error('the stand-in encoder never started');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { folder, pidFile: `${folder}.pid`, pid, parent: parent.pid! };
}

afterEach(async () => {
  for (const parent of parents.splice(0)) {
    parent.kill('SIGKILL');
    if (parent.exitCode === null && parent.signalCode === null) await once(parent, 'exit');
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the orphan sweep', () => {
  it('kills an encoder whose worker is gone and reports it once it is gone: a zombie nobody reaps counts', async () => {
    const encoder = await encoderIn('orphaned');
    writeFileSync(encoder.pidFile, `${encoder.pid} ${DEAD_WORKER}`);
    expect(stateOf(encoder.pid)).not.toBe('Z');

    expect(await sweepOrphans(root, 10_000)).toEqual([encoder.pid]);
    expect(stateOf(encoder.pid)).toBe('Z'); // dead and unreaped: it writes nothing more
    expect(existsSync(encoder.pidFile)).toBe(false);
  });

  it('leaves an encoder alone while the worker named in its pid file is still its parent', async () => {
    const encoder = await encoderIn('owned');
    writeFileSync(encoder.pidFile, `${encoder.pid} ${encoder.parent}`);
    expect(await sweepOrphans(root, 10_000)).toEqual([]);
    expect(stateOf(encoder.pid)).toMatch(/^[RSD]$/);
    expect(existsSync(encoder.pidFile)).toBe(true);
    rmSync(encoder.pidFile);
  });

  it('never kills a recycled pid: a process whose command line does not name the folder', async () => {
    const encoder = await encoderIn('recycled');
    // The pid now belongs to `sleep 600`, which has nothing to do with the folder; its worker is gone.
    writeFileSync(encoder.pidFile, `${encoder.parent} ${DEAD_WORKER}`);
    expect(await sweepOrphans(root, 10_000)).toEqual([]);
    expect(stateOf(encoder.parent)).toMatch(/^[RSD]$/);
    expect(existsSync(encoder.pidFile)).toBe(false);
  });
});

describe('reapOrphan before a rerun', () => {
  it('kills what still writes into the folder, whoever started it, and clears the pid file', async () => {
    const encoder = await encoderIn('rerun');
    writeFileSync(encoder.pidFile, String(encoder.pid));
    expect(await reapOrphan(encoder.pidFile, encoder.folder, 10_000)).toBe(encoder.pid);
    expect(stateOf(encoder.pid)).toBe('Z');
    expect(existsSync(encoder.pidFile)).toBe(false);
    expect(await reapOrphan(encoder.pidFile, encoder.folder, 10_000)).toBeNull();
  });
});
