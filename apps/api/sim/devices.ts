import type { PrismaClient } from '@keten/db/client';
import type { Random } from '@keten/db/random';

export interface TFleetDevice {
  id: string;
  serial: string;
  mac: string;
  subscriberId: string;
  boxModel: string;
  firmware: string | null;
  /** As device auth reads them from the device row (the beacon rows' region and fallback app version). */
  region: string | null;
  appVersion: string | null;
}

/**
 * Devices the factory secret can activate (assigned to an active subscriber, not revoked), spread
 * round-robin over models and, within a model, over its firmware, so each shows up; the worse one first. The box API has no
 * device listing, so this one read goes to PostgreSQL; everything after it goes through the API.
 */
export async function pickDevices(
  prisma: PrismaClient,
  count: number,
  rng: Random,
  worse: string | null,
): Promise<TFleetDevice[]> {
  const rows = await prisma.device.findMany({
    where: {
      subscriber: { status: 'ACTIVE' },
      status: { in: ['ACTIVE', 'PENDING_ACTIVATION'] },
      tokenState: { not: 'REVOKED' },
    },
    select: {
      id: true,
      serial: true,
      mac: true,
      subscriberId: true,
      region: true,
      appVersion: true,
      boxModel: { select: { code: true } },
      firmwareVersion: { select: { version: true } },
    },
    orderBy: { serial: 'asc' },
  });
  // model → firmware → devices; the worse firmware and its model come first, the rest alphabetically.
  const models = new Map<string, Map<string, TFleetDevice[]>>();
  for (const row of rows) {
    const device: TFleetDevice = {
      id: row.id,
      serial: row.serial,
      mac: row.mac,
      subscriberId: row.subscriberId ?? '',
      region: row.region,
      appVersion: row.appVersion,
      boxModel: row.boxModel.code,
      firmware: row.firmwareVersion?.version ?? null,
    };
    const firmware = models.get(device.boxModel) ?? new Map<string, TFleetDevice[]>();
    const key = `${device.boxModel}@${device.firmware ?? ''}`;
    const group = firmware.get(key) ?? [];
    group.push(device);
    firmware.set(key, group);
    models.set(device.boxModel, firmware);
  }
  const worseFirst = (a: string, b: string) =>
    Number(worse?.startsWith(`${b}@`) || b === worse) - Number(worse?.startsWith(`${a}@`) || a === worse) ||
    a.localeCompare(b);
  // Per model a queue of firmware queues, taken in turn: one box per model, then the next firmware of each.
  const queues = [...models.keys()].sort(worseFirst).map((model) => {
    const firmware = models.get(model) ?? new Map<string, TFleetDevice[]>();
    return [...firmware.keys()].sort(worseFirst).map((key) => rng.shuffled(firmware.get(key) ?? []));
  });
  const picked: TFleetDevice[] = [];
  const turn = queues.map(() => 0);
  while (picked.length < count && queues.some((model) => model.some((queue) => queue.length > 0))) {
    queues.forEach((model, index) => {
      const candidates = model.filter((queue) => queue.length > 0);
      const device = candidates[(turn[index] ?? 0) % Math.max(1, candidates.length)]?.shift();
      turn[index] = (turn[index] ?? 0) + 1;
      if (device && picked.length < count) picked.push(device);
    });
  }
  return picked;
}
