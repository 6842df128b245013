/**
 * Rollout guardrail arms: the engine's per-cycle read of a wave's two arms (`waveArms`) over a multi-day soak, from the
 * raw beacons alone (`waveArmsRaw`, what every cycle read before ClickHouse migration 0015) against the per-session
 * hour rollup with raw edges (`waveArms`, guardrails.rollup.ts), run side by side (interleaved, the same window and
 * data), with the ratio, at soak ages of 1 h, 1 d, 3 d and the whole span. Each pair's figures are compared too (they
 * must be equal). The events go through every migration's views, as in production, into a fresh embedded chDB.
 * Prints, asserts nothing.
 * Run: pnpm --filter @keten/api exec tsx bench/rollout-arms.bench.ts [--days 7] [--boxes 300] [--models 4] [--reps 15]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import {
  createClickHouse,
  insertQoeEvents,
  migrateClickHouse,
  type TQoeEventInput,
} from '@keten/db/clickhouse';
import { waveArmsRaw } from '../src/rollouts/guardrails.query';
import { waveArms } from '../src/rollouts/guardrails.rollup';
import { soakEvents } from '../src/rollouts/guardrails.soak';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    boxes: { type: 'string', default: '300' },
    models: { type: 'string', default: '4' },
    reps: { type: 'string', default: '15' },
  },
});
const DAYS = Number(args.days);
const BOXES = Number(args.boxes);
const MODELS = Number(args.models);
const REPS = Number(args.reps);
const HOUR = 3_600_000;
// The soak ends a few minutes before now, mid-hour, and starts at 23 past an hour: both edges partial.
const END = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR + 37 * 60_000 + 12_345;
const START = Math.floor((END - DAYS * 24 * HOUR) / HOUR) * HOUR + 23 * 60_000;
const MODEL = 'model-0';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keten-rollout-arms-bench-'));
  const clickhouse = await createClickHouse({ dataDir, database: 'rollout_arms' });
  try {
    await migrateClickHouse(clickhouse.client);
    const loadStarted = performance.now();
    let stored = 0;
    for (let model = 0; model < MODELS; model++) {
      let chunk: TQoeEventInput[] = [];
      const events = soakEvents({
        seed: model + 1,
        boxModel: `model-${model}`,
        firmwares: ['2.0.0', '1.9.4', '1.9.4', '1.9.0'],
        boxes: BOXES,
        from: START,
        hours: (END - START) / HOUR,
        sessionsPerBoxHour: 0.5,
      });
      for (const event of events) {
        if (event.eventTime instanceof Date && event.eventTime.getTime() >= END) continue;
        chunk.push(event);
        if (chunk.length === 5_000) {
          await insertQoeEvents(clickhouse.client, chunk);
          stored += chunk.length;
          chunk = [];
        }
      }
      if (chunk.length > 0) await insertQoeEvents(clickhouse.client, chunk);
      stored += chunk.length;
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const counts = await clickhouse.client.query({
      query: `SELECT (SELECT count() FROM qoe_session_hour_v1) AS rollup
SETTINGS output_format_json_quote_64bit_integers = 0`,
      format: 'JSONEachRow',
    });
    const [rollup] = (await counts.json()) as { rollup: number }[];
    console.log(
      `loaded ${stored.toLocaleString('en')} events (${MODELS} models × ${BOXES} boxes, ${DAYS} days) through every view in ${loadSeconds.toFixed(0)} s; qoe_session_hour_v1 holds ${rollup?.rollup.toLocaleString('en')} rows`,
    );
    console.log(
      `load average at start ${loadavg()
        .map((v) => v.toFixed(1))
        .join(' ')}; ${REPS} reps each, interleaved`,
    );
    console.log('soak age | raw p50 ms | rollup p50 ms | raw/rollup | equal | treatment attempts');
    const ages = [1, 24, 72, DAYS * 24 - 1].filter(
      (hours, index, all) => hours < DAYS * 24 && all.indexOf(hours) === index,
    );
    for (const hours of ages) {
      const window = {
        boxModel: MODEL,
        targetFirmware: '2.0.0',
        from: new Date(END - hours * HOUR - 7 * 60_000),
        to: new Date(END),
      };
      const raw: number[] = [];
      const viaRollup: number[] = [];
      let equal = true;
      let attempts = 0;
      await waveArmsRaw(clickhouse, window);
      await waveArms(clickhouse, window);
      for (let rep = 0; rep < REPS; rep++) {
        let started = performance.now();
        const a = await waveArmsRaw(clickhouse, window);
        raw.push(performance.now() - started);
        started = performance.now();
        const b = await waveArms(clickhouse, window);
        viaRollup.push(performance.now() - started);
        equal &&= isDeepStrictEqual(a, b);
        attempts = b.treatment.attempts;
      }
      const r = median(raw);
      const u = median(viaRollup);
      console.log(
        `${String(hours).padStart(5)} h | ${r.toFixed(1).padStart(10)} | ${u.toFixed(1).padStart(13)} | ${(r / u).toFixed(1).padStart(10)} | ${equal ? 'yes' : 'NO'} | ${attempts}`,
      );
    }
    console.log(
      `load average at end ${loadavg()
        .map((v) => v.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await clickhouse.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
