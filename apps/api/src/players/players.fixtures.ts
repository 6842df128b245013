import type { TPlayerUrls } from '@keten/contracts';
import type { startTestApi } from '../../test/harness';
import { assignedDevice } from '../device-api/device-api.fixtures';

type TApi = Awaited<ReturnType<typeof startTestApi>>;
const TEST_NAME = 'Player URL Test';

/** Issues (or reissues) a box's player URLs through the console's tRPC mutation, as support does. */
export async function issuePlayerUrls(api: TApi, deviceId: string): Promise<TPlayerUrls> {
  const issued = await api.trpc(
    'subscribers.devices.issuePlayerUrls',
    { deviceId },
    { role: 'SUPPORT', kind: 'mutation' },
  );
  const urls = issued.body.result?.data.json as TPlayerUrls | undefined;
  if (!urls) throw new Error(`issuing player URLs failed: ${JSON.stringify(issued.body)}`);
  return urls;
}

/**
 * A new subscriber with `count` boxes of one model (a fresh id each run: the stream registry is in the shared Redis),
 * holding the same subscriptions as the first seeded box's subscriber, so its lineup is that box's.
 */
export async function subscriberWithBoxes(api: TApi, count: number, maxConcurrentStreams = 2) {
  const model = await assignedDevice(api);
  const original = await api.prisma.subscriber.findUniqueOrThrow({
    where: { id: model.subscriberId ?? '' },
    include: { subscriptions: true },
  });
  const subscriber = await api.prisma.subscriber.create({
    data: {
      accountNumber: `P${Date.now()}${Math.floor(Math.random() * 1000)}`,
      name: TEST_NAME,
      region: original.region,
      maxConcurrentStreams,
      subscriptions: {
        create: original.subscriptions.map(({ packageId, startsAt, endsAt }) => ({
          packageId,
          startsAt,
          endsAt,
        })),
      },
    },
  });
  const boxes = await api.prisma.device.findMany({
    // Not a box an earlier call took, nor the one other tests of the file use first.
    where: {
      boxModelId: model.boxModelId,
      subscriber: { status: 'ACTIVE', name: { not: TEST_NAME } },
      tokenState: { not: 'REVOKED' },
    },
    orderBy: { serial: 'desc' },
    take: count,
  });
  if (boxes.length < count) throw new Error(`the seed has fewer than ${count} spare boxes of one model`);
  await api.prisma.device.updateMany({
    where: { id: { in: boxes.map((b) => b.id) } },
    data: { subscriberId: subscriber.id },
  });
  return { subscriber, deviceIds: boxes.map((b) => b.id) };
}

/** Polls `check` until it returns true, at most `boundMs`; returns how long that took. */
export async function waitUntil(what: string, check: () => Promise<boolean>, boundMs = 10_000) {
  const started = Date.now();
  while (Date.now() - started < boundMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not within ${boundMs} ms`);
}
