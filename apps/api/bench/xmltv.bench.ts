// Benchmark script (not a test): export a week of EPG for every seeded channel, empty the schedule, import it back.
// Run: pnpm --filter @keten/api exec tsx bench/xmltv.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { amsterdamDate, formatAmsterdam } from '@keten/contracts';
import { seed } from '@keten/db/seed';
import { createTestDatabase } from '@keten/db/testing';
import { exportXmltv } from '../src/schedule/xmltv-export.service';
import { importXmltv } from '../src/schedule/xmltv-import.service';

const database = await createTestDatabase('xmltvbench');
const mediaRoot = await mkdtemp(join(tmpdir(), 'keten-bench-'));
try {
  await seed(database.prisma, { mediaRoot, subscribers: 50, epgDaysEachSide: 4 });
  const operator = await database.prisma.operator.create({
    data: { email: 'bench@keten.test', name: 'Bench', role: 'CONTENT', passwordHash: 'not-a-login' },
  });
  const actor = { id: operator.id, email: operator.email, ip: null };
  const channels = await database.prisma.channel.findMany({ select: { id: true } });
  const from = new Date(Date.now() - 3 * 86_400_000);
  const to = new Date(from.getTime() + 7 * 86_400_000);
  let t = performance.now();
  const exported = await exportXmltv(database.prisma, { channelIds: channels.map((c) => c.id), from, to });
  const exportMs = performance.now() - t;
  await database.prisma.programme.deleteMany();
  t = performance.now();
  const report = await importXmltv(database.prisma, actor, {
    source: { kind: 'file', filename: 'bench.xml', xml: exported.xml },
    mapping: {},
    dryRun: false,
    replace: false,
  });
  const importMs = performance.now() - t;
  console.log(
    `${exported.channels} channels, ${amsterdamDate(from)}…${formatAmsterdam(to)}: ${exported.programmes} programmes, ` +
      `${(exported.xml.length / 1024 / 1024).toFixed(1)} MB XMLTV; export ${exportMs.toFixed(0)} ms; ` +
      `import ${importMs.toFixed(0)} ms (${report.accepted} accepted, ${report.rejected} rejected)`,
  );
} finally {
  await database.drop();
  await rm(mediaRoot, { recursive: true, force: true });
}
