/**
 * Fleet simulator: N boxes of the seeded models and firmware through the real device API.
 * Run: pnpm --filter @keten/api exec tsx sim/fleet.ts --boxes 50 --minutes 10 --speed 10  (see sim/README.md)
 */
import { createPrisma } from '@keten/db/client';
import { Random } from '@keten/db/random';
import { FleetArgsError, parseFleetArgs } from './args';
import { pickDevices } from './devices';
import { runFleet } from './run-fleet';

async function main() {
  // The CLI's only reads of the environment: secrets better kept out of shell history.
  const args = parseFleetArgs(process.argv.slice(2), process.env);
  const prisma = createPrisma(args.databaseUrl, { maxConnections: 2 });
  const devices = await pickDevices(
    prisma,
    args.boxes,
    new Random(args.seed).fork('pick'),
    args.worse,
  ).finally(() => prisma.$disconnect());
  if (devices.length < args.boxes) {
    console.log(`only ${devices.length} activatable devices in the database; simulating those`);
  }
  console.log(
    `simulating ${devices.length} boxes for ${args.minutes} min at ${args.speed}x against ${args.api}` +
      (args.endsAgo > 0 ? `, ending ${args.endsAgo} min ago` : '') +
      ` (seed ${args.seed}, worse firmware ${args.worse ?? 'none'})`,
  );
  const { stats } = await runFleet({
    ...args,
    devices,
    flushMs: args.flush * 1000,
    progressMs: args.progress * 1000,
    log: (line) => console.log(line),
  });
  process.exitCode = stats.sent === stats.acked && stats.activationFailures === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof FleetArgsError ? error.message : error);
  process.exitCode = 2;
});
