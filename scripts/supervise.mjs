// Runs api, worker and console side by side: prefixed logs, waits until they answer, prints where to
// log in, and stops them all (SIGTERM, then SIGKILL after a deadline) on Ctrl-C or when one dies.
// The demo fleet (simulated set-top boxes) is the exception: it starts once the api answers, and when it
// dies it is started again after a pause, without taking the rest down.
import { spawn } from 'node:child_process';

const env = process.env;
const apiUrl = env.API_INTERNAL_URL ?? 'http://127.0.0.1:4000';
const consoleUrl = env.NEXTAUTH_URL ?? 'http://127.0.0.1:3000';
const DEADLINE_MS = 20_000;
// The fleet ends its boxes' sessions and sends their last beacons within 9 s (apps/api/sim/demo.ts).
const FLEET_DEADLINE_MS = 10_000;
const colours = { api: 32, worker: 33, console: 35, sources: 36, fleet: 34 };
// The demo's simulated feeds for the live channel "Keten Testbeeld" (KETEN_LIVE_DEMO=0 leaves them out).
const liveDemo = env.KETEN_LIVE_DEMO !== '0';
// The demo fleet: boxes watching TV through the device API (KETEN_DEMO_FLEET=0 leaves it out).
const demoFleet = env.KETEN_DEMO_FLEET !== '0';
// A fleet that dies is started again after this pause, doubling while it keeps dying, up to a minute.
const RESTART_MIN_MS = 2_000;
const RESTART_MAX_MS = 60_000;
// A fleet that ran this long counts as healthy again: its next crash waits the shortest pause.
const HEALTHY_AFTER_MS = 5 * 60_000;

const processes = [
  ['api', ['--filter', '@keten/api', 'start']],
  ['worker', ['--filter', '@keten/worker', 'start']],
  ['console', ['--filter', '@keten/console', 'start']],
  ...(liveDemo ? [['sources', ['--filter', '@keten/worker', 'demo']]] : []),
].map(([name, args]) => {
  const child = launch(name, args);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefixOf(name)}exited (${signal ?? code}); stopping the rest`);
      void stop(1);
    }
  });
  return { name, child };
});

function prefixOf(name) {
  return `\x1b[${colours[name]}m[${name}]\x1b[0m `;
}

/** Starts `pnpm <args>` as its own process group, its output prefixed with `name`. */
function launch(name, args) {
  // Each child leads its own process group, so a signal reaches pnpm's children too.
  const child = spawn('pnpm', ['--silent', ...args], {
    // Production mode for every app, whatever the shell says (React, Next and libraries read it).
    env: { ...env, NODE_ENV: 'production' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = prefixOf(name);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  return child;
}

/** The demo fleet, supervised: started again after a pause whenever it exits, until everything stops. */
function superviseFleet() {
  const entry = { name: 'fleet', child: null };
  processes.push(entry);
  let pause = RESTART_MIN_MS;
  const run = () => {
    if (stopping) return;
    const startedAt = Date.now();
    entry.child = launch('fleet', ['--filter', '@keten/api', 'fleet']);
    entry.child.on('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt >= HEALTHY_AFTER_MS) pause = RESTART_MIN_MS;
      console.error(`${prefixOf('fleet')}exited (${signal ?? code}); starting it again in ${pause / 1000} s`);
      setTimeout(run, pause).unref();
      pause = Math.min(pause * 2, RESTART_MAX_MS);
    });
  };
  run();
}

let stopping = false;
async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  const running = processes.filter(({ child }) => child !== null && groupAlive(child));
  // The fleet first, while the api still takes its boxes' last beacons (it stops itself within 9 s).
  const fleet = running.filter(({ name }) => name === 'fleet');
  await stopGroups(fleet, FLEET_DEADLINE_MS);
  await stopGroups(
    running.filter(({ name }) => name !== 'fleet'),
    DEADLINE_MS,
  );
  process.exit(exitCode);
}
/** SIGTERM to each group, SIGKILL after `deadline`; waits for every process of the groups (the apps, not pnpm). */
async function stopGroups(entries, deadline) {
  for (const { child } of entries) signalGroup(child, 'SIGTERM');
  const started = Date.now();
  let killed = false;
  // Bounded: an orphan nobody reaps stays a zombie, and a zombie still answers signal 0.
  while (entries.some(({ child }) => groupAlive(child)) && Date.now() - started < deadline + 2_000) {
    if (!killed && Date.now() - started >= deadline) {
      for (const { child } of entries) signalGroup(child, 'SIGKILL');
      killed = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {}
}
/** Whether any process of the child's group still runs (signal 0 only checks). */
function groupAlive(child) {
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function waitFor(url, label) {
  const started = Date.now();
  while (!stopping) {
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {}
    if (Date.now() - started > 120_000) {
      console.error(`${label} did not answer at ${url} within 120 s`);
      return stop(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

await waitFor(`${apiUrl}/readyz`, 'api');
if (demoFleet && !stopping) superviseFleet();
await waitFor(`${consoleUrl}/login`, 'console');
if (!stopping) {
  const logins = ['admin', 'noc', 'content', 'support', 'product']
    .map((r) => `    ${r}@keten.demo`)
    .join('\n');
  console.log(`
\x1b[1mKeten is up.\x1b[0m
  Console:  ${consoleUrl}   (log in below)
  API:      ${apiUrl}  (/healthz, /readyz)
  Demo logins, one per role (password: ${env.DEMO_PASSWORD}):
${logins}${
  liveDemo
    ? `\n  Live demo channel "Keten Testbeeld" (LCN 99): feeds on 127.0.0.1:${env.SOURCE_SIM_PORT ?? 7700} and the next port (see README, Live ingest)`
    : ''
}${
  demoFleet
    ? `\n  Demo fleet: ${env.KETEN_DEMO_FLEET_BOXES ?? 200} boxes watching live, with ${env.KETEN_DEMO_FLEET_HISTORY_DAYS ?? 7} days of history (KETEN_DEMO_FLEET=0 turns it off)`
    : ''
}
  Ctrl-C stops everything.
`);
}
