import { readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A worker killed with SIGKILL cannot stop its ffmpeg, which keeps writing into the job's temp folder.
 * Whoever runs the job next reads the pid file and kills that ffmpeg, but only if its command line
 * still names the folder (a recycled pid belongs to someone else).
 */
export async function reapOrphan(pidFile: string, marker: string): Promise<number | null> {
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  await rm(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(marker)) return null;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 40 && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')) !== ''; i++)
    await sleep(50);
  return pid;
}
