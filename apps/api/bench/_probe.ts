import { createClickHouse, readQoeConcurrency, readQoeRollup, planQoeRange, previousQoePlan } from '@keten/db/clickhouse';
import { qoeKpis, qoeSeries } from '../src/qoe/qoe.service';
import { qoeBreakdown } from '../src/qoe/qoe.breakdown';
const ch = await createClickHouse({ dataDir: '/tmp/qoeperf/bench50m', database: 'qoe_bench' });
const t = async (name: string, f: () => Promise<unknown>) => { const ts: number[] = []; for (let i = 0; i < 6; i++) { const s = performance.now(); await f(); ts.push(performance.now() - s); } ts.sort((a, b) => a - b); console.log(name.padEnd(30), ts.map((x) => x.toFixed(0)).join(' ')); };
const to = new Date();
for (const [label, span] of [['24h', 86400e3], ['7d', 7 * 86400e3]] as const) {
  const from = new Date(to.getTime() - span);
  const range = { from, to, filters: {} };
  const plan = planQoeRange(from, to); const prev = previousQoePlan(plan); const sp = plan.to - plan.from;
  const both = { from: prev.from, to: plan.to, origin: prev.from, bucketSeconds: sp };
  await t(`${label} kpis rollup`, () => readQoeRollup(ch.client, { ...both, resolution: plan.resolution, filters: {} }));
  await t(`${label} kpis conc`, () => readQoeConcurrency(ch.client, { ...both, sampleSeconds: plan.sampleSeconds, filters: {} }));
  await t(`${label} series rollup`, () => readQoeRollup(ch.client, { ...plan, filters: {} }));
  await t(`${label} series conc`, () => readQoeConcurrency(ch.client, { ...plan, filters: {} }));
  await t(`${label} kpis`, () => qoeKpis(ch, range));
  await t(`${label} series`, () => qoeSeries(ch, range));
  await t(`${label} bd channel`, () => qoeBreakdown(ch, { ...range, dimension: 'channelId', sparklineMetric: 'attempts', limit: 50 }));
  await t(`${label} bd firmware`, () => qoeBreakdown(ch, { ...range, dimension: 'firmware', sparklineMetric: 'attempts', limit: 50 }));
}
await ch.close();
