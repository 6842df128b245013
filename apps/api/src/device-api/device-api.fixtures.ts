import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TDeviceTokenPair } from '@keten/contracts';
import { seed } from '@keten/db/seed';
import { startTestApi } from '../../test/harness';

export const TOKEN_SECRET = 'device-token-secret-for-tests-0123456789';
export const PROVISIONING_SECRET = 'provisioning-secret-for-tests-0123456789';

type TApi = Awaited<ReturnType<typeof startTestApi>>;

/** A test API over seeded data, with the device API configured as main.ts would from the env. */
export async function startDeviceApi(options: Parameters<typeof startTestApi>[0] = {}) {
  const api = await startTestApi(options);
  await seed(api.prisma, {
    subscribers: 300,
    epgDaysEachSide: 1,
    mediaRoot: await mkdtemp(join(tmpdir(), 'keten-device-seed-')),
  });
  // The harness has no device secrets yet; deps are read per request, so setting them here is enough.
  api.deps.deviceApi = {
    tokenSecret: TOKEN_SECRET,
    provisioningSecret: PROVISIONING_SECRET,
    rateLimitPerMinute: 10_000,
  };
  return api;
}

/** Issues a code through the console's tRPC mutation, as support does. */
export async function issueCode(api: TApi, deviceId: string): Promise<string> {
  const issued = await api.trpc(
    'subscribers.devices.issueActivationCode',
    { deviceId },
    { role: 'SUPPORT', kind: 'mutation' },
  );
  const device = issued.body.result?.data.json as { activationCode: string } | undefined;
  if (!device) throw new Error(`issuing a code failed: ${JSON.stringify(issued.body)}`);
  return device.activationCode;
}

/** Activates with a fresh code from the console. */
export async function activateThroughConsole(api: TApi, deviceId: string): Promise<TDeviceTokenPair> {
  const activationCode = await issueCode(api, deviceId);
  const response = await api.app.inject({ method: 'POST', url: '/v1/activate', payload: { activationCode } });
  if (response.statusCode !== 201) throw new Error(`activation failed: ${response.body}`);
  return response.json() as TDeviceTokenPair;
}

/** An assigned device of an ACTIVE subscriber, optionally of one box model. */
export async function assignedDevice(api: TApi, where: { boxModel?: string; skip?: number } = {}) {
  return api.prisma.device.findFirstOrThrow({
    where: {
      subscriber: { status: 'ACTIVE' },
      status: { in: ['ACTIVE', 'PENDING_ACTIVATION'] },
      boxModel: where.boxModel ? { code: where.boxModel } : undefined,
    },
    orderBy: { serial: 'asc' },
    skip: where.skip ?? 0,
    include: { boxModel: true },
  });
}

export const bearer = (pair: TDeviceTokenPair) => ({ authorization: `Bearer ${pair.accessToken}` });
