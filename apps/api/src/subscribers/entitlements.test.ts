import type { TDeviceTokenPair, TLineup } from '@keten/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../device-api/access-token';
import {
  activateThroughConsole,
  bearer,
  startDeviceApi,
  TOKEN_SECRET,
} from '../device-api/device-api.fixtures';
import type { TBoxEntitlements } from './entitlements.service';

type TBox = TBoxEntitlements['boxes'][number];
const HOUR = 3_600_000;

let api: Awaited<ReturnType<typeof startDeviceApi>>;
beforeAll(async () => {
  api = await startDeviceApi();
}, 120_000);
afterAll(() => api?.stop());

const supportView = async (subscriberId: string) => {
  const response = await api.trpc('subscribers.entitlements', { id: subscriberId }, { role: 'SUPPORT' });
  const view = response.body.result?.data.json as TBoxEntitlements | undefined;
  if (!view) throw new Error(`support view failed: ${JSON.stringify(response.body)}`);
  return view;
};
const lineup = (pair: TDeviceTokenPair) =>
  api.app.inject({ method: 'GET', url: '/v1/lineup', headers: bearer(pair) });
const getsOf = (box: TBox) => box.channels.filter((c) => c.gets).map((c) => c.channelId);

/** Support's view of the box and the box's own GET /v1/lineup, after checking both give the same channels. */
async function bothViews(device: { id: string; subscriberId: string | null }, pair: TDeviceTokenPair) {
  const box = (await supportView(device.subscriberId ?? '')).boxes.find((b) => b.deviceId === device.id);
  if (!box) throw new Error(`support does not list box ${device.id}`);
  const response = await lineup(pair);
  const onBox = response.statusCode === 200 ? (response.json() as TLineup).channels.map((c) => c.id) : [];
  expect(getsOf(box)).toEqual(onBox);
  return { box, response, row: (channelId: string) => box.channels.find((c) => c.channelId === channelId) };
}

/** A box of this model whose ACTIVE subscriber has a running subscription but none to SPORT. */
function boxWithoutSport(boxModel: string, skip = 0) {
  const now = new Date();
  return api.prisma.device.findFirstOrThrow({
    where: {
      boxModel: { code: boxModel },
      status: { in: ['ACTIVE', 'PENDING_ACTIVATION'] },
      subscriber: {
        status: 'ACTIVE',
        subscriptions: { some: { startsAt: { lte: now }, OR: [{ endsAt: null }, { endsAt: { gt: now } }] } },
        NOT: { subscriptions: { some: { package: { code: 'SPORT' } } } },
      },
    },
    orderBy: { serial: 'asc' },
    skip,
  });
}

describe('one entitlement rule: support sees what the box gets (real PostgreSQL)', () => {
  it('for every activatable seeded box, the channels support says it gets are exactly GET /v1/lineup', async () => {
    const devices = await api.prisma.device.findMany({
      where: { subscriberId: { not: null }, status: { in: ['ACTIVE', 'PENDING_ACTIVATION'] } },
      orderBy: { serial: 'asc' },
      select: {
        id: true,
        subscriberId: true,
        tokenState: true,
        tokenVersion: true,
        boxModel: { select: { code: true } },
        firmwareVersion: { select: { version: true } },
      },
    });
    expect(devices.length).toBeGreaterThan(250);
    // The token a seeded box holds (the real signer, one family); a box waiting for activation is activated.
    const tokenOf = async (device: (typeof devices)[number]): Promise<TDeviceTokenPair> => {
      if (device.tokenState !== 'ACTIVE') return activateThroughConsole(api, device.id);
      const claims = {
        deviceId: device.id,
        subscriberId: device.subscriberId ?? '',
        boxModel: device.boxModel.code,
        firmware: device.firmwareVersion?.version ?? null,
        tokenVersion: device.tokenVersion,
        family: 'entitlement-property-test',
      };
      return { accessToken: await signAccessToken(claims, TOKEN_SECRET) } as TDeviceTokenPair;
    };
    const households = new Map<string, Promise<TBoxEntitlements>>();
    const reasons = new Set<string>();
    const compare = async (device: (typeof devices)[number]) => {
      const subscriberId = device.subscriberId ?? '';
      if (!households.has(subscriberId)) households.set(subscriberId, supportView(subscriberId));
      const box = (await households.get(subscriberId))?.boxes.find((b) => b.deviceId === device.id);
      const response = await lineup(await tokenOf(device));
      const onBox = response.statusCode === 200 ? (response.json() as TLineup).channels.map((c) => c.id) : [];
      expect(box && getsOf(box), device.id).toEqual(onBox);
      for (const channel of box?.channels ?? []) {
        // Every channel is either on the box, through a running subscription, or withheld with a reason.
        expect(channel.gets ? channel.via.length > 0 : channel.withheld.length > 0, channel.name).toBe(true);
        for (const w of channel.withheld) reasons.add(w.reason);
      }
    };
    // Eight boxes at a time: a household's boxes share one support view, read once.
    for (let i = 0; i < devices.length; i += 8) await Promise.all(devices.slice(i, i + 8).map(compare));
    // The seed exercises the rule: SPORT-only channels, a disabled channel, UHD for H.264-only boxes.
    expect([...reasons]).toEqual(expect.arrayContaining(['SUBSCRIPTION', 'CHANNEL_STATUS', 'DECODER']));
  }, 300_000);

  it('SUBSCRIPTION: a SPORT channel is withheld, naming the package, until the subscriber takes SPORT', async () => {
    const device = await boxWithoutSport('nokia-sb8000');
    const pair = await activateThroughConsole(api, device.id);
    const sportOnly = await api.prisma.channel.findFirstOrThrow({
      where: { state: 'LIVE', packages: { every: { package: { code: 'SPORT' } }, some: {} } },
      orderBy: { lcn: 'asc' },
    });
    const before = await bothViews(device, pair);
    expect(before.row(sportOnly.id)).toMatchObject({
      gets: false,
      withheld: [{ reason: 'SUBSCRIPTION', detail: 'in Sport; no running subscription to it' }],
    });
    const sport = await api.prisma.package.findUniqueOrThrow({ where: { code: 'SPORT' } });
    const until = new Date(Date.now() + 30 * 24 * HOUR);
    const taken = await api.prisma.subscription.create({
      data: {
        subscriberId: device.subscriberId ?? '',
        packageId: sport.id,
        startsAt: new Date(Date.now() - 60_000),
        endsAt: until,
      },
    });
    const after = await bothViews(device, pair);
    expect(after.row(sportOnly.id)).toMatchObject({
      gets: true,
      via: [{ packageCode: 'SPORT', packageName: 'Sport', until: until.toISOString() }],
      withheld: [],
    });
    await api.prisma.subscription.delete({ where: { id: taken.id } });
  });

  it('CHANNEL_STATUS: disabling a channel takes it off the box and support says why', async () => {
    const device = await boxWithoutSport('technicolor-uiw4020');
    const pair = await activateThroughConsole(api, device.id);
    const channel = (await bothViews(device, pair)).box.channels.find((c) => c.gets);
    if (!channel) throw new Error('the box gets no channel');
    await api.prisma.channel.update({ where: { id: channel.channelId }, data: { state: 'DISABLED' } });
    const disabled = await bothViews(device, pair);
    expect(disabled.row(channel.channelId)).toMatchObject({
      gets: false,
      withheld: [{ reason: 'CHANNEL_STATUS', detail: 'disabled by an operator' }],
    });
    await api.prisma.channel.update({ where: { id: channel.channelId }, data: { state: 'DRAFT' } });
    expect((await bothViews(device, pair)).row(channel.channelId)?.withheld).toEqual([
      { reason: 'CHANNEL_STATUS', detail: 'draft: not published yet' },
    ]);
    await api.prisma.channel.update({ where: { id: channel.channelId }, data: { state: 'LIVE' } });
    expect((await bothViews(device, pair)).row(channel.channelId)?.gets).toBe(true);
  });

  it('POP_UP_WINDOW: a channel with windows is on the box only inside one; support names the next', async () => {
    const device = await boxWithoutSport('kaon-kstb6077');
    const pair = await activateThroughConsole(api, device.id);
    const channel = (await bothViews(device, pair)).box.channels.findLast((c) => c.gets);
    if (!channel) throw new Error('the box gets no channel');
    const window = (from: number, to: number) =>
      api.prisma.availabilityWindow.create({
        data: {
          channelId: channel.channelId,
          startsAt: new Date(Date.now() + from * HOUR),
          endsAt: new Date(Date.now() + to * HOUR),
        },
      });
    await window(-3, -1);
    expect((await bothViews(device, pair)).row(channel.channelId)?.withheld).toEqual([
      { reason: 'POP_UP_WINDOW', detail: 'outside its windows; none ahead' },
    ]);
    await window(24, 26);
    const [ahead] = (await bothViews(device, pair)).row(channel.channelId)?.withheld ?? [];
    expect(ahead?.reason).toBe('POP_UP_WINDOW');
    expect(ahead?.detail).toMatch(
      /^outside its windows; next \d{4}-\d\d-\d\d \d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d$/,
    );
    await window(-1, 1);
    expect((await bothViews(device, pair)).row(channel.channelId)?.gets).toBe(true);
    await api.prisma.availabilityWindow.deleteMany({ where: { channelId: channel.channelId } });
  });

  it('DECODER: the legacy Arris box does not get the UHD HEVC channel a current box of the same plan gets', async () => {
    const uhd = await api.prisma.channel.findFirstOrThrow({
      where: {
        state: 'LIVE',
        encodingProfileVersion: { profile: { code: 'uhd-hevc' } },
        packages: { some: { package: { code: 'BASIS' } } },
      },
    });
    const arris = await boxWithoutSport('arris-vip1113');
    const legacy = await bothViews(arris, await activateThroughConsole(api, arris.id));
    const row = legacy.row(uhd.id);
    expect(row?.gets).toBe(false);
    expect(row?.withheld).toEqual([
      {
        reason: 'DECODER',
        detail: expect.stringMatching(/^cannot decode even the \d+×\d+ rung: no HEVC decoder$/),
      },
    ]);
    const kaon = await boxWithoutSport('kaon-kstb6077', 1);
    expect((await bothViews(kaon, await activateThroughConsole(api, kaon.id))).row(uhd.id)?.gets).toBe(true);
  });

  it('ACCOUNT: a suspended account gets nothing on any box, and support sees every channel withheld for it', async () => {
    const device = await boxWithoutSport('sagemcom-diw387');
    const pair = await activateThroughConsole(api, device.id);
    await api.prisma.subscriber.update({
      where: { id: device.subscriberId ?? '' },
      data: { status: 'SUSPENDED' },
    });
    const { box, response } = await bothViews(device, pair);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ENTITLEMENT_DENIED' });
    expect(box.channels.length).toBeGreaterThan(60);
    for (const channel of box.channels) {
      expect(channel.withheld[0]).toEqual({ reason: 'ACCOUNT', detail: 'account is suspended' });
    }
    await api.prisma.subscriber.update({
      where: { id: device.subscriberId ?? '' },
      data: { status: 'ACTIVE' },
    });
  });

  it('lists every box but retired ones, and names an unknown subscriber as NOT_FOUND', async () => {
    const device = await boxWithoutSport('nokia-sb8000', 2);
    const all = await api.prisma.device.findMany({ where: { subscriberId: device.subscriberId } });
    const view = await supportView(device.subscriberId ?? '');
    expect(view.boxes.map((b) => b.deviceId).sort()).toEqual(
      all
        .filter((d) => d.status !== 'RETIRED')
        .map((d) => d.id)
        .sort(),
    );
    const unknown = await api.trpc(
      'subscribers.entitlements',
      { id: 'cnosuchsubscriber00000000' },
      { role: 'SUPPORT' },
    );
    expect(unknown.body.error?.json.data.keten).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});
