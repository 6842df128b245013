import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TBeaconDevice } from '@keten/contracts';
import { beaconLineEncoder, insertQoeEventLines, type TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { Random } from '@keten/db/random';
import { z } from 'zod';
import { channelFacts, deviceLineup } from '../src/device-api/lineup.service';
import type { TFleetDevice } from './devices';
import { fleetViewer, type TFleetFlaws } from './fleet-box';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Simulated time handed to the viewers at once; whole steps are gathered until an insert's worth of rows.
const STEP_MS = 10 * 60_000;
// The ingest's spool seals files of 5000 rows: the same insert size, for the same merge cost per row.
const ROWS_PER_INSERT = 5000;
const PROGRESS_EVERY_MS = 5_000;
// Written first: the live page's default range (1 h) and the hour it is compared with; then the rest of the last
// day (the NOC home, the insight page's default), then day by day back.
const FIRST_STRETCH_MS = 2 * HOUR_MS;
// A stretch's viewers start this long before it, so its first minutes are in steady state (boxes mid-session).
const WARM_UP_MS = HOUR_MS;
// After the first stretch, the backfill rests this share of each insert's time before the next one: the embedded
// ClickHouse answers the pages' reads in between (back to back, inserts held a page's reads 10–30 s on a busy machine).
const REST_SHARE = 1;

/** What the marker file holds: the window (fixed at the first start) and how far it is stored. */
const ZBackfillMarkerSchema = z.object({
  version: z.literal(2),
  seed: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
  /** The stretch in hand (historyStretches' order: newest first); every newer one is stored. */
  stretch: z.number().int().min(0),
  /** Every event of the stretch in hand before this instant is in ClickHouse. */
  storedUntil: z.number().int(),
  rows: z.number().int().min(0),
  done: z.boolean(),
});
export type TBackfillMarker = z.infer<typeof ZBackfillMarkerSchema>;
// Written oldest-first by earlier versions, stored up to storedUntil: the rest is written newest-first.
const ZOldMarkerSchema = ZBackfillMarkerSchema.omit({ version: true, stretch: true }).extend({
  version: z.literal(1),
});

export interface TBackfillOptions {
  prisma: PrismaClient;
  clickhouse: Pick<TKetenClickHouse, 'client'>;
  devices: readonly TFleetDevice[];
  seed: number;
  flaws: TFleetFlaws;
  days: number;
  /** The marker file: a restart reads it and writes nothing twice. */
  markerPath: string;
  now?: number;
  /** Aborted (the API stops): ends after the insert in hand; the marker keeps the place for the next start. */
  signal?: AbortSignal;
  /** Share of each insert's time rested before the next, after the first stretch (default 1; tests 0). */
  restShare?: number;
  log: (line: string) => void;
}

export type TBackfillOutcome =
  | { kind: 'already'; marker: TBackfillMarker }
  | { kind: 'interrupted'; marker: TBackfillMarker; rowsThisRun: number }
  | { kind: 'written'; marker: TBackfillMarker; rowsThisRun: number; elapsedMs: number };

export async function readBackfillMarker(path: string): Promise<TBackfillMarker | null> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  const json: unknown = JSON.parse(text);
  const old = ZOldMarkerSchema.safeParse(json);
  if (old.success) {
    const { seed, storedUntil, to, rows, done } = old.data;
    const first = historyStretches(storedUntil, to)[0];
    return {
      version: 2,
      seed,
      from: storedUntil,
      to,
      stretch: 0,
      storedUntil: first?.from ?? to,
      rows,
      done,
    };
  }
  const parsed = ZBackfillMarkerSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: not a fleet backfill marker (${parsed.error.message})`);
  return parsed.data;
}

/** tmp + fsync + rename: the marker is either the old one or the new one, never half written. */
async function writeMarker(path: string, marker: TBackfillMarker) {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(`${JSON.stringify(marker)}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
}

/** The window cut into the stretches written one after another, newest first: the last 2 h, the rest of the day, then each day back. */
export function historyStretches(from: number, to: number): { from: number; to: number }[] {
  const cuts = [to, to - FIRST_STRETCH_MS];
  for (let day = 1; to - day * DAY_MS > from; day++) cuts.push(to - day * DAY_MS);
  cuts.push(from);
  const ends = [...new Set(cuts.map((cut) => Math.max(from, Math.min(to, cut))))].sort((a, b) => b - a);
  return ends.slice(1).map((start, index) => ({ from: start, to: ends[index] ?? to }));
}

interface TBox {
  device: TBeaconDevice;
  fleetDevice: TFleetDevice;
  channelIds: string[];
}

/**
 * One stretch's viewers. A stretch that is not the oldest starts its viewers an hour early and drops the sessions
 * begun before it: the next older stretch plays those to their own end (`drain`), so each session is written
 * once, whole, and the boxes watching at the seam are as many as anywhere else.
 */
function stretchViewers(
  boxes: readonly TBox[],
  root: Random,
  stretch: { from: number; to: number },
  oldest: boolean,
  flaws: TFleetFlaws,
) {
  return boxes.map((box) => {
    const rng = root.fork(box.fleetDevice.serial).fork(String(stretch.from));
    const viewer = fleetViewer({
      rng,
      ids: rng.fork('ids'),
      device: box.fleetDevice,
      channelIds: box.channelIds,
      startAt: oldest ? stretch.from : stretch.from - WARM_UP_MS,
      flaws,
    });
    const warmUp = oldest ? [] : viewer.advanceTo(stretch.from - 1);
    const last = warmUp.at(-1);
    // The session open at the stretch's start belongs to the older stretch.
    const skip = last && last.type !== 'end' ? last.sessionId : null;
    return { box, viewer, skip };
  });
}

/**
 * The fleet's last `days` of viewing, written at first start so every chart has history: the same viewers as the
 * live fleet (fleet-box.ts), played in simulated time and stored through the beacon ingest's own path, each row
 * encoded by `beaconLineEncoder` with the device's identity as its token would give it, inserted with
 * `insertQoeEventLines` into qoe_events_v1 (whose materialized views build every rollup). Not over HTTP: a week
 * of events would cost the device API's rate limits and the dedupe's Redis memory for nothing.
 *
 * Newest first (historyStretches): the last hours are in ClickHouse within seconds of the first start, so the live
 * page and the NOC home have their figures (and the worse firmware its flaw) before the older days are written.
 *
 * Idempotent: the marker records the window and how far it is stored (written after each insert), so a restart
 * skips a finished backfill and resumes an interrupted one after its last stored insert. Session ids follow the
 * seed, so the one insert that can repeat (a crash between the insert and the marker) collapses in the raw table.
 */
export async function backfillFleet(options: TBackfillOptions): Promise<TBackfillOutcome> {
  const started = Date.now();
  const existing = await readBackfillMarker(options.markerPath);
  if (existing?.done) return { kind: 'already', marker: existing };
  const now = Math.floor((options.now ?? Date.now()) / 60_000) * 60_000;
  const first = historyStretches(now - options.days * DAY_MS, now)[0];
  const marker: TBackfillMarker = existing ?? {
    version: 2,
    seed: options.seed,
    from: now - options.days * DAY_MS,
    to: now,
    stretch: 0,
    storedUntil: first?.from ?? now,
    rows: 0,
    done: false,
  };
  await writeMarker(options.markerPath, marker);
  const { from, to } = marker;
  const stretches = historyStretches(from, to);
  const root = new Random(marker.seed).fork('backfill');

  const boxes: TBox[] = [];
  const channels = await channelFacts(options.prisma, new Date(to));
  for (const device of options.devices) {
    // The channels the box's lineup gives it at the end of the window, as the live box gets them now.
    const lineup = await deviceLineup(
      options.prisma,
      { subscriberId: device.subscriberId, boxModel: device.boxModel },
      new Date(to),
      channels,
    ).catch(() => []);
    if (lineup.length === 0) continue;
    boxes.push({
      fleetDevice: device,
      channelIds: lineup.map((channel) => channel.id),
      device: {
        deviceId: device.id,
        subscriberId: device.subscriberId,
        boxModel: device.boxModel,
        firmware: device.firmware,
        appVersion: device.appVersion,
        region: device.region,
      },
    });
  }
  const resuming = marker.stretch > 0 || marker.storedUntil > (stretches[0]?.from ?? to);
  options.log(
    `demo fleet history: ${boxes.length} boxes, ${new Date(from).toISOString()} → ${new Date(to).toISOString()}, newest first` +
      (resuming ? `, resuming at ${new Date(marker.storedUntil).toISOString()}` : ''),
  );

  let rowsThisRun = 0;
  let lastProgress = Date.now();
  let covered = stretches.slice(0, marker.stretch).reduce((sum, s) => sum + (s.to - s.from), 0);
  for (let index = marker.stretch; index < stretches.length; index++) {
    const stretch = stretches[index] ?? { from, to };
    const newest = index === 0;
    const viewers = stretchViewers(boxes, root, stretch, index === stretches.length - 1, options.flaws);
    const resumeAt = Math.max(stretch.from, marker.storedUntil);
    // Resuming: replay up to what is stored (the viewers are pure), dropping those events.
    if (resumeAt > stretch.from) for (const { viewer } of viewers) viewer.advanceTo(resumeAt - 1);
    let lines: string[] = [];
    for (let stepEnd = resumeAt + STEP_MS; ; stepEnd += STEP_MS) {
      const until = Math.min(stepEnd, stretch.to);
      const last = until === stretch.to;
      for (const { box, viewer, skip } of viewers) {
        // Events before `until`; at the stretch's end the newest closes every session at the window's end, the
        // others play their open sessions out (the newer stretch left them out).
        const events = !last
          ? viewer.advanceTo(until - 1)
          : newest
            ? viewer.finish(to - 1)
            : viewer.drain(until - 1);
        if (events.length === 0) continue;
        // Received at the step's end (or the last event's time), as a box flushing its batch would have been.
        const encode = beaconLineEncoder(box.device, Math.max(until, events.at(-1)?.time ?? until));
        for (const event of events) if (event.sessionId !== skip) lines.push(encode(event));
      }
      if (lines.length >= ROWS_PER_INSERT || last) {
        const insertStarted = Date.now();
        const stored = await insertLines(options.clickhouse, lines, options.log);
        if (!newest && !options.signal?.aborted)
          await rest((Date.now() - insertStarted) * (options.restShare ?? REST_SHARE), options.signal);
        rowsThisRun += stored;
        marker.rows += stored;
        const next = stretches[index + 1];
        if (last && next) {
          marker.stretch = index + 1;
          marker.storedUntil = next.from;
        } else marker.storedUntil = until;
        marker.done = last && !next;
        await writeMarker(options.markerPath, marker);
        lines = [];
      }
      const written = covered + (until - stretch.from);
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS || (last && !stretches[index + 1])) {
        lastProgress = Date.now();
        options.log(
          `demo fleet history: ${((written / (to - from)) * 100).toFixed(0)}% (back to ${new Date(stretch.from).toISOString().slice(0, 16)}Z)` +
            ` · ${marker.rows.toLocaleString('en')} rows · ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
      }
      if (last) break;
      if (options.signal?.aborted && lines.length === 0) return { kind: 'interrupted', marker, rowsThisRun };
    }
    covered += stretch.to - stretch.from;
    if (options.signal?.aborted && !marker.done) return { kind: 'interrupted', marker, rowsThisRun };
  }
  return { kind: 'written', marker, rowsThisRun, elapsedMs: Date.now() - started };
}

const rest = (ms: number, signal: AbortSignal | undefined) =>
  sleep(ms, undefined, { signal }).catch(() => undefined);

/** One insert through the beacon ingest's insert; a store failure stops the backfill (the marker keeps its place). */
async function insertLines(
  clickhouse: Pick<TKetenClickHouse, 'client'>,
  lines: string[],
  log: (line: string) => void,
) {
  if (lines.length === 0) return 0;
  const outcome = await insertQoeEventLines(clickhouse.client, `${lines.join('\n')}\n`);
  if (outcome.storeError) throw outcome.storeError;
  if (outcome.refused.length > 0) {
    log(
      `demo fleet history: ClickHouse refused ${outcome.refused.length} row(s): ${outcome.refused[0]?.error.message}`,
    );
  }
  return outcome.stored;
}
