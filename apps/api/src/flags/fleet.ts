import type { Prisma, PrismaClient } from '@keten/db/client';
import type { TDeviceFacts } from '@keten/flags';

export type TFleetDevice = TDeviceFacts & { serial: string };

const runningAt = (now: Date) =>
  ({
    startsAt: { lte: now },
    OR: [{ endsAt: null }, { endsAt: { gt: now } }],
  }) satisfies Prisma.SubscriptionWhereInput;

const factsSelect = (now: Date) =>
  ({
    id: true,
    serial: true,
    appVersion: true,
    region: true,
    boxModel: { select: { code: true } },
    firmwareVersion: { select: { version: true } },
    subscriber: {
      select: {
        region: true,
        subscriptions: { where: runningAt(now), select: { package: { select: { code: true } } } },
      },
    },
  }) satisfies Prisma.DeviceSelect;

type TFactsRow = Prisma.DeviceGetPayload<{ select: ReturnType<typeof factsSelect> }>;

/** A box's region is its own when set, else its subscriber's (the QoE region dimension). */
function factsOf(row: TFactsRow): TFleetDevice {
  return {
    id: row.id,
    serial: row.serial,
    boxModel: row.boxModel.code,
    firmware: row.firmwareVersion?.version ?? null,
    appVersion: row.appVersion,
    region: row.region ?? row.subscriber?.region ?? null,
    packages: [...new Set(row.subscriber?.subscriptions.map((s) => s.package.code) ?? [])],
  };
}

/** What the engine knows about one box, read from its row (the console's preview). */
export async function deviceFactsBySerial(prisma: PrismaClient, serial: string, now = new Date()) {
  const row = await prisma.device.findUnique({ where: { serial }, select: factsSelect(now) });
  return row ? factsOf(row) : null;
}

/** How long a cohort's live count may lag the fleet: counting reads every active box once per window. */
const FLEET_TTL_MS = 15_000;
const fleets = new WeakMap<PrismaClient, { at: number; facts: Promise<TFleetDevice[]> }>();

/** The facts of every ACTIVE box (those that poll /v1/config), cached for FLEET_TTL_MS per database. */
export function activeFleet(prisma: PrismaClient, now = Date.now()): Promise<TFleetDevice[]> {
  const cached = fleets.get(prisma);
  if (cached && now - cached.at < FLEET_TTL_MS) return cached.facts;
  const facts = prisma.device
    .findMany({ where: { status: 'ACTIVE' }, select: factsSelect(new Date(now)) })
    .then((rows) => rows.map(factsOf));
  fleets.set(prisma, { at: now, facts });
  facts.catch(() => fleets.delete(prisma));
  return facts;
}
