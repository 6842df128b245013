import type { PrismaClient } from '@keten/db/client';
import { type SimRandom, shuffled } from './random';

export interface TFleetDevice {
  serial: string;
  mac: string;
  boxModel: string;
  firmware: string | null;
}

/**
 * Devices the factory secret can activate (assigned to an active subscriber, not revoked), spread
 * round-robin over model@firmware so every firmware shows up, the worse one first. The box API has no
 * device listing, so this one read goes to PostgreSQL; everything after it goes through the API.
 */
export async function pickDevices(
  prisma: PrismaClient,
  count: number,
  rng: SimRandom,
  worse: string | null,
): Promise<TFleetDevice[]> {
  const rows = await prisma.device.findMany({
    where: {
      subscriber: { status: 'ACTIVE' },
      status: { in: ['ACTIVE', 'PENDING_ACTIVATION'] },
      tokenState: { not: 'REVOKED' },
    },
    select: {
      serial: true,
      mac: true,
      boxModel: { select: { code: true } },
      firmwareVersion: { select: { version: true } },
    },
    orderBy: { serial: 'asc' },
  });
  const groups = new Map<string, TFleetDevice[]>();
  for (const row of rows) {
    const device = {
      serial: row.serial,
      mac: row.mac,
      boxModel: row.boxModel.code,
      firmware: row.firmwareVersion?.version ?? null,
    };
    const key = `${device.boxModel}@${device.firmware ?? ''}`;
    const group = groups.get(key) ?? [];
    group.push(device);
    groups.set(key, group);
  }
  const keys = [...groups.keys()].sort(
    (a, b) => Number(b === worse) - Number(a === worse) || a.localeCompare(b),
  );
  const queues = keys.map((key) => shuffled(rng, groups.get(key) ?? []));
  const picked: TFleetDevice[] = [];
  while (picked.length < count && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const device = queue.shift();
      if (device && picked.length < count) picked.push(device);
    }
  }
  return picked;
}
