import type { PrismaClient } from '@keten/db/client';

export type TKind = 'partial name' | 'account number' | 'email' | 'partial MAC' | 'serial';

/** A deterministic mix of what support agents type, taken from the seeded rows. */
export async function buildQueries(
  prisma: PrismaClient,
  count: number,
): Promise<{ kind: TKind; q: string }[]> {
  const per = Math.ceil(count / 5);
  const subscribers = await prisma.subscriber.findMany({
    where: { email: { not: null } },
    orderBy: { accountNumber: 'asc' },
    take: per,
    skip: 137,
    select: { name: true, email: true, accountNumber: true },
  });
  const devices = await prisma.device.findMany({
    where: { subscriberId: { not: null } },
    orderBy: { serial: 'asc' },
    take: per,
    skip: 211,
    select: { serial: true, mac: true },
  });
  const macForms = [
    (mac: string) => mac.slice(-8),
    (mac: string) => mac.slice(-8).toUpperCase().replaceAll(':', '-'),
    (mac: string) => mac.slice(-8).replaceAll(':', ''),
  ];
  const queries: { kind: TKind; q: string }[] = [];
  for (let i = 0; i < per; i++) {
    const subscriber = subscribers[i % subscribers.length];
    const device = devices[i % devices.length];
    if (!subscriber || !device) break;
    const surname = subscriber.name.split(' ').at(-1) ?? subscriber.name;
    const first = subscriber.name.split(' ')[0] ?? '';
    // Alternate "Emma Pee" (first name and the start of the surname) with a bare surname fragment "eeter".
    queries.push({
      kind: 'partial name',
      q: i % 2 ? `${first} ${surname.slice(0, 3)}` : surname.slice(1, 6),
    });
    queries.push({
      kind: 'account number',
      q: i % 2 ? subscriber.accountNumber : subscriber.accountNumber.slice(2),
    });
    queries.push({ kind: 'email', q: subscriber.email ?? '' });
    queries.push({ kind: 'partial MAC', q: (macForms[i % 3] ?? macForms[0]!)(device.mac) });
    queries.push({ kind: 'serial', q: i % 2 ? device.serial : device.serial.slice(-6) });
  }
  return queries.slice(0, count);
}
