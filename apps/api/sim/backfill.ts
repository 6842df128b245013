import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TBeaconDevice } from '@keten/contracts';
import { beaconLineEncoder, insertQoeEventLines, type TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { Random } from '@keten/db/random';
import { z } from 'zod';
import { channelFacts, deviceLineup } from '../src/device-api/lineup.service';
import type { TFleetDevice } from './devices';
import { fleetViewer, type TFleetFlaws } from './fleet-box';
import type { TViewer } from './viewer';

const DAY_MS = 24 * 3_600_000;
// Simulated time handed to the viewers at once; whole steps are gathered until an insert's worth of rows.
const STEP_MS = 10 * 60_000;
// The ingest's spool seals files of 5000 rows: the same insert size, for the same merge cost per row.
const ROWS_PER_INSERT = 5000;
const PROGRESS_EVERY_MS = 5_000;

/** What the marker file holds: the window (fixed at the first start) and how far it is stored. */
const ZBackfillMarkerSchema = z.object({
  version: z.literal(1),
  seed: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
  /** Every event before this instant is in ClickHouse. */
  storedUntil: z.number().int(),
  rows: z.number().int().min(0),
  done: z.boolean(),
});
export type TBackfillMarker = z.infer<typeof ZBackfillMarkerSchema>;

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
  const parsed = ZBackfillMarkerSchema.safeParse(JSON.parse(text));
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

/**
 * The fleet's last `days` of viewing, written at first start so every chart has history: the same viewers as the
 * live fleet (fleet-box.ts), played in simulated time and stored through the beacon ingest's own path, each row
 * encoded by `beaconLineEncoder` with the device's identity as its token would give it, inserted with
 * `insertQoeEventLines` into qoe_events_v1 (whose materialized views build every rollup). Not over HTTP: a week
 * of events would cost the device API's rate limits and the dedupe's Redis memory for nothing.
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
  const marker: TBackfillMarker = existing ?? {
    version: 1,
    seed: options.seed,
    from: now - options.days * DAY_MS,
    to: now,
    storedUntil: now - options.days * DAY_MS,
    rows: 0,
    done: false,
  };
  await writeMarker(options.markerPath, marker);
  const { from, to } = marker;
  const root = new Random(marker.seed).fork('backfill');

  const boxes: { viewer: TViewer; device: TBeaconDevice }[] = [];
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
    const rng = root.fork(device.serial);
    boxes.push({
      viewer: fleetViewer({
        rng,
        ids: rng.fork('ids'),
        device,
        channelIds: lineup.map((channel) => channel.id),
        startAt: from,
        flaws: options.flaws,
      }),
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
  // Resuming: replay up to what is stored (the viewers are pure), dropping those events.
  if (marker.storedUntil > from) for (const box of boxes) box.viewer.advanceTo(marker.storedUntil - 1);
  options.log(
    `demo fleet history: ${boxes.length} boxes, ${new Date(from).toISOString()} → ${new Date(to).toISOString()}` +
      (marker.storedUntil > from ? `, resuming at ${new Date(marker.storedUntil).toISOString()}` : ''),
  );

  let rowsThisRun = 0;
  let lastProgress = Date.now();
  let lines: string[] = [];
  for (let stepEnd = marker.storedUntil + STEP_MS; ; stepEnd += STEP_MS) {
    const until = Math.min(stepEnd, to);
    for (const box of boxes) {
      // Events before `until`; the last step closes every open session at the window's end.
      const events = until === to ? box.viewer.finish(to - 1) : box.viewer.advanceTo(until - 1);
      if (events.length === 0) continue;
      // Received at the step's end, as a box flushing its batch would have been.
      const encode = beaconLineEncoder(box.device, until);
      for (const event of events) lines.push(encode(event));
    }
    if (lines.length >= ROWS_PER_INSERT || until === to) {
      const stored = await insertLines(options.clickhouse, lines, options.log);
      rowsThisRun += stored;
      marker.rows += stored;
      marker.storedUntil = until;
      marker.done = until === to;
      await writeMarker(options.markerPath, marker);
      lines = [];
    }
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS || until === to) {
      lastProgress = Date.now();
      const share = (until - from) / (to - from);
      options.log(
        `demo fleet history: ${(share * 100).toFixed(0)}% (up to ${new Date(until).toISOString().slice(0, 16)}Z)` +
          ` · ${marker.rows.toLocaleString('en')} rows · ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    if (until === to) break;
    if (options.signal?.aborted && lines.length === 0) return { kind: 'interrupted', marker, rowsThisRun };
  }
  return { kind: 'written', marker, rowsThisRun, elapsedMs: Date.now() - started };
}

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
