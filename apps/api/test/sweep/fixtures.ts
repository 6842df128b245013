import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '@keten/db/seed';
import type { startTestApi } from '../harness';
import { TEST_DEVICE_API, TEST_PASSWORD } from '../harness';
import { SWEEP_URL, type TPath } from './schema-cases';

type TApi = Awaited<ReturnType<typeof startTestApi>>;

/**
 * Procedures that hand work to the worker (ffmpeg): they get ids of nothing, so a valid-looking input is
 * refused before anything is enqueued. The sweep also checks afterwards that no queue holds a job.
 */
const ENQUEUES = new Set([
  'channels.live.start',
  'channels.sources.probe',
  'jobs.createTranscode',
  'jobs.retry',
]);
const NO_SUCH_ID = 'sweep-no-such-id';
// A 1×1 PNG, so a logo upload reaches the file checks.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Seeded rows the sweep aims at, so valid-looking input reaches the services and the database. */
export async function seedSweepData(api: TApi) {
  await seed(api.prisma, {
    subscribers: 20,
    epgDaysEachSide: 1,
    mediaRoot: await mkdtemp(join(tmpdir(), 'keten-sweep-seed-')),
  });
  const { prisma } = api;
  const channel = await prisma.channel.findFirstOrThrow({
    where: { state: 'LIVE' },
    include: { sources: true },
  });
  const [profile, version, pkg, subscriber, subscription, boxModel, programme, flag, cohort] =
    await Promise.all([
      prisma.encodingProfile.findFirstOrThrow(),
      prisma.encodingProfileVersion.findFirstOrThrow(),
      prisma.package.findFirstOrThrow(),
      prisma.subscriber.findFirstOrThrow({ where: { status: 'ACTIVE', devices: { some: {} } } }),
      prisma.subscription.findFirstOrThrow(),
      prisma.boxModel.findFirstOrThrow(),
      prisma.programme.findFirstOrThrow({ where: { channelId: channel.id } }),
      prisma.featureFlag.findFirstOrThrow(),
      prisma.cohort.findFirstOrThrow(),
    ]);
  const window = await prisma.availabilityWindow.create({
    data: {
      channelId: channel.id,
      startsAt: new Date('2030-01-01T10:00:00Z'),
      endsAt: new Date('2030-01-01T11:00:00Z'),
    },
  });
  const job = await prisma.jobRecord.create({
    data: { queue: 'transcode', kind: 'vod-transcode', input: {} },
  });
  // The operator the sweep may edit and disable: never the admin it signs in as.
  const target = await prisma.operator.create({
    data: {
      email: `sweep-target-${Date.now()}@test.keten`,
      name: 'Sweep target',
      role: 'NOC',
      passwordHash: 'x',
    },
  });
  const devices = await prisma.device.findMany({
    where: { subscriber: { status: 'ACTIVE' }, status: { in: ['ACTIVE', 'PENDING_ACTIVATION'] } },
    orderBy: { serial: 'asc' },
    take: 2,
  });
  const [boxDevice, consoleDevice] = devices;
  if (!boxDevice || !consoleDevice) throw new Error('the seed has no assigned devices');

  const ids: Record<string, string> = {
    channelId: channel.id,
    sourceId: channel.sources[0]?.id ?? NO_SUCH_ID,
    packageId: pkg.id,
    profileId: profile.id,
    profileVersionId: version.id,
    subscriberId: subscriber.id,
    subscriptionId: subscription.id,
    deviceId: consoleDevice.id,
  };
  // `id` means a different table per router.
  const idByRouter: [string, string][] = [
    ['schedule.windows.', window.id],
    ['schedule.', programme.id],
    ['profiles.boxModels.', boxModel.id],
    ['profiles.', profile.id],
    ['channels.', channel.id],
    ['packages.', pkg.id],
    ['subscribers.', subscriber.id],
    ['jobs.', job.id],
    ['operators.', target.id],
    ['flags.', flag.id],
    ['cohorts.', cohort.id],
  ];
  const named: Record<string, unknown> = {
    email: 'sweep@test.keten',
    password: TEST_PASSWORD,
    url: SWEEP_URL,
    protocol: 'HLS',
    start: '2030-06-01 10:00',
    end: '2030-06-01 11:00',
    from: '2030-06-01 00:00',
    to: '2030-06-02 00:00',
    date: '2030-06-01',
    startsAt: '2030-06-01T00:00:00Z',
    endsAt: '2030-06-02T00:00:00Z',
    language: 'nl',
    accountNumber: subscriber.accountNumber,
    contentType: 'image/png',
    logo: PNG,
    xml: '<tv></tv>',
    filename: 'sweep.xml',
    csv: 'accountNumber,name,region\nSWEEP-1,Sweep,Utrecht\n',
    inputFile: 'sweep/missing.ts',
    outputKey: 'sweep-out',
    profile: 'high',
    level: '4.1',
    time: Date.now(),
    q: 'sweep',
    actor: 'admin',
    mapping: {},
    // A flag definition the schema's cross-field rules accept (its variants named by default and rules).
    definition: {
      type: 'boolean',
      variants: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      defaultVariant: 'off',
      offVariant: 'off',
      killed: false,
      rules: [{ id: 'rule-1', cohortId: cohort.id, percent: 50, variant: 'on' }],
    },
    document: { settings: { epgDays: 7 }, overrides: [{ cohortId: cohort.id, settings: { epgDays: 3 } }] },
    at: new Date(Date.now() + 86_400_000),
  };

  /** What a field of a procedure's input should hold to reach deep: a real id, a time, a URL on 127.0.0.1. */
  const trpcHint = (procedure: string) => (path: TPath) => {
    const key = String(path.filter((part) => typeof part === 'string').at(-1) ?? '');
    if (ENQUEUES.has(procedure) && /id$/i.test(key)) return NO_SUCH_ID;
    const inArray = typeof path.at(-1) === 'number';
    if (
      key === 'channelIds' ||
      ((key === 'add' || key === 'remove') && procedure === 'packages.setMembership')
    )
      return inArray ? channel.id : undefined;
    if (key === 'packageIds') return inArray ? pkg.id : undefined;
    if (key === 'id') return idByRouter.find(([prefix]) => procedure.startsWith(prefix))?.[1] ?? NO_SUCH_ID;
    if (key === 'cursor') return undefined;
    return ids[key] ?? named[key];
  };

  /** A device signed in to /v1 (never one the /v1 sweep itself could activate: serial and MAC are made up). */
  const activate = async () => {
    const issued = await api.trpc(
      'subscribers.devices.issueActivationCode',
      { deviceId: boxDevice.id },
      { role: 'ADMIN', kind: 'mutation' },
    );
    const device = issued.body.result?.data.json as { activationCode: string } | undefined;
    if (!device) throw new Error(`issuing a code failed: ${JSON.stringify(issued.body)}`);
    const code = device.activationCode;
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { activationCode: code },
    });
    if (response.statusCode !== 201) throw new Error(`activation failed: ${response.body}`);
    return (response.json() as { accessToken: string }).accessToken;
  };
  const v1Hint = (path: TPath) => {
    const key = String(path.filter((part) => typeof part === 'string').at(-1) ?? '');
    if (key === 'channelId') return channel.slug;
    if (key === 'provisioningSecret') return TEST_DEVICE_API.provisioningSecret;
    if (key === 'from' || key === 'to') return undefined;
    return named[key];
  };

  return { trpcHint, v1Hint, activate };
}
