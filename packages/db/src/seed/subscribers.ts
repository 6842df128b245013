import type { DeviceStatus, Prisma, SubscriberStatus, TokenState } from '../generated/prisma/client';
import { insertInChunks } from './batch';
import {
  BOX_MODELS,
  type BoxModelSpec,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  type PackageCode,
  PROVINCES,
} from './catalogue';
import type { SeedContext } from './context';
import { boxModelId, firmwareId, packageId } from './lineup';
import { Random, seedId } from './random';

const ACTIVATION_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ACTIVATION_CHARS = [...ACTIVATION_ALPHABET];
const POSTCODE_LETTERS = [...'ABCDEFGHJKLMNPRTVWXZ'];
/** Surnames whose households more often take the international add-on. */
const DIASPORA_NAMES = new Set(['Yilmaz', 'Kaya', 'Öztürk', 'El Amrani', 'Bouzid', 'Nguyen', 'Wijaya']);

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** The device's index as 4 activation-alphabet characters: the second half of a code, so codes never collide. */
function inActivationAlphabet(index: number): string {
  let rest = index;
  let out = '';
  for (let i = 0; i < 4; i++) {
    out = ACTIVATION_CHARS[rest % ACTIVATION_CHARS.length] + out;
    rest = Math.floor(rest / ACTIVATION_CHARS.length);
  }
  return out;
}

/** Long-standing customers still have older boxes; recent ones got current models. */
function modelWeights(tenureDays: number): [BoxModelSpec, number][] {
  const byCode = (weights: Record<string, number>) =>
    BOX_MODELS.map((m): [BoxModelSpec, number] => [m, weights[m.code] ?? 0]);
  if (tenureDays > 2500)
    return byCode({
      'arris-vip1113': 40,
      'amino-a140': 30,
      'kaon-kstb6077': 20,
      'technicolor-uiw4020': 5,
      'sagemcom-diw387': 5,
    });
  if (tenureDays > 1000)
    return byCode({
      'arris-vip1113': 10,
      'amino-a140': 20,
      'kaon-kstb6077': 30,
      'technicolor-uiw4020': 15,
      'sagemcom-diw387': 20,
      'nokia-sb8000': 5,
    });
  return byCode({
    'amino-a140': 5,
    'kaon-kstb6077': 25,
    'technicolor-uiw4020': 25,
    'sagemcom-diw387': 25,
    'nokia-sb8000': 20,
  });
}

export type SubscriberSeedSize = { subscribers: number };

/** Subscribers with Dutch names and addresses, their package subscriptions, and their boxes (plus warehouse stock). */
export async function seedSubscribers(
  ctx: SeedContext,
  size: SubscriberSeedSize,
): Promise<Record<string, number>> {
  const random = new Random('subscribers');
  const subscribers: Prisma.SubscriberCreateManyInput[] = [];
  const subscriptions: Prisma.SubscriptionCreateManyInput[] = [];
  const devices: Prisma.DeviceCreateManyInput[] = [];

  const addDevice = (
    model: BoxModelSpec,
    fields: {
      subscriberId: string | null;
      region: string | null;
      status: DeviceStatus;
      tokenState: TokenState;
      tokenVersion: number;
      createdAt: Date;
      lastSeenAt: Date | null;
      latestFirmware?: boolean;
    },
  ) => {
    const index = devices.length;
    const serial = `${model.serialPrefix}${String(20_000_000 + index)}`;
    const firmware = fields.latestFirmware
      ? model.firmware.at(-1)
      : random.weighted(model.firmware.map((f) => [f, f.share] as const));
    const octets = [(index >> 16) & 255, (index >> 8) & 255, index & 255].map((b) =>
      b.toString(16).padStart(2, '0'),
    );
    const activationCode =
      fields.status === 'PENDING_ACTIVATION'
        ? `${Array.from({ length: 4 }, () => random.pick(ACTIVATION_CHARS)).join('')}-${inActivationAlphabet(index)}`
        : null;
    devices.push({
      id: seedId('device', serial),
      serial,
      mac: `02:4b:${model.macByte.toString(16).padStart(2, '0')}:${octets.join(':')}`,
      boxModelId: boxModelId(model.code),
      firmwareVersionId: firmware ? firmwareId(model.code, firmware.version) : null,
      subscriberId: fields.subscriberId,
      status: fields.status,
      tokenState: fields.tokenState,
      tokenVersion: fields.tokenVersion,
      activationCode,
      appVersion: fields.status === 'IN_STOCK' ? null : model.appVersion,
      lastSeenAt: fields.lastSeenAt,
      region: fields.region,
      createdAt: fields.createdAt,
    });
  };

  for (let i = 0; i < size.subscribers; i++) {
    const accountNumber = `KT${1_000_001 + i}`;
    const id = seedId('subscriber', accountNumber);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const province = random.weighted(PROVINCES.map((p) => [p, p.weight] as const));
    const [city, postcodePrefix] = random.pick(province.towns);
    const postcode = `${postcodePrefix}${String(random.int(0, 99)).padStart(2, '0')} ${random.pick(POSTCODE_LETTERS)}${random.pick(POSTCODE_LETTERS)}`;
    const email = random.chance(0.95)
      ? `${ascii(first)}.${ascii(last)}${random.chance(0.4) ? random.int(1, 99) : ''}@${random.pick(EMAIL_DOMAINS)}`
      : null;
    const status: SubscriberStatus = random.weighted([
      ['ACTIVE', 92],
      ['SUSPENDED', 5],
      ['CANCELLED', 3],
    ] as const);
    const tenureDays = random.int(30, 4500);
    const since = ctx.daysAgo(tenureDays, random.int(8 * 60, 20 * 60));
    const cancelledDaysAgo = status === 'CANCELLED' ? random.int(1, Math.min(tenureDays - 2, 400)) : null;
    const cancelledAt = cancelledDaysAgo === null ? null : ctx.daysAgo(cancelledDaysAgo);
    subscribers.push({
      id,
      accountNumber,
      name: `${first} ${last}`,
      email,
      region: province.name,
      city,
      postcode,
      status,
      maxConcurrentStreams: random.weighted([
        [2, 60],
        [3, 30],
        [4, 10],
      ] as const),
      createdAt: since,
    });

    const addons: [PackageCode, number][] = [
      ['SPORT', 0.28],
      ['FILM_SERIES', 0.22],
      ['INTERNATIONAAL', DIASPORA_NAMES.has(last) ? 0.6 : 0.08],
    ];
    const subscribe = (code: PackageCode, startsAt: Date, endsAt: Date | null) =>
      subscriptions.push({
        // Keyed without dates: dates move with "today", and a re-run on another day must not add a copy.
        id: seedId('subscription', `${accountNumber}:${code}`),
        subscriberId: id,
        packageId: packageId(code),
        startsAt,
        endsAt,
        createdAt: startsAt,
      });
    subscribe('BASIS', since, cancelledAt);
    for (const [code, probability] of addons) {
      if (!random.chance(probability)) continue;
      const startedDaysAgo = random.int((cancelledDaysAgo ?? 0) + 1, tenureDays - 1);
      // Some households dropped an add-on again; a cancelled account ended everything on one day.
      const droppedDaysAgo = random.chance(0.1) ? random.int(0, startedDaysAgo - 1) : null;
      const endedDaysAgo = cancelledDaysAgo ?? droppedDaysAgo;
      subscribe(code, ctx.daysAgo(startedDaysAgo), endedDaysAgo === null ? null : ctx.daysAgo(endedDaysAgo));
    }

    const boxes = random.weighted([
      [1, 82],
      [2, 15],
      [3, 3],
    ] as const);
    for (let b = 0; b < boxes; b++) {
      const model = random.weighted(modelWeights(tenureDays));
      const dormant = random.chance(0.05);
      addDevice(model, {
        subscriberId: id,
        region: province.name,
        status: status === 'ACTIVE' ? 'ACTIVE' : status === 'SUSPENDED' ? 'SUSPENDED' : 'RETIRED',
        tokenState: status === 'ACTIVE' ? 'ACTIVE' : 'REVOKED',
        tokenVersion:
          status === 'ACTIVE'
            ? random.weighted([
                [1, 85],
                [2, 12],
                [3, 3],
              ] as const)
            : 2,
        createdAt: since,
        lastSeenAt:
          status === 'ACTIVE'
            ? new Date(ctx.now.getTime() - random.int(1, dormant ? 40 * 24 * 60 : 3 * 24 * 60) * 60_000)
            : (cancelledAt ?? ctx.daysAgo(random.int(3, 60))),
      });
    }
    // A few households have a new box waiting to be activated.
    if (status === 'ACTIVE' && random.chance(0.02)) {
      addDevice(random.weighted(modelWeights(0)), {
        subscriberId: id,
        region: province.name,
        status: 'PENDING_ACTIVATION',
        tokenState: 'NONE',
        tokenVersion: 0,
        createdAt: ctx.daysAgo(random.int(0, 10)),
        lastSeenAt: null,
        latestFirmware: true,
      });
    }
  }

  // Warehouse stock: current models, newest firmware, no subscriber.
  const stock = Math.round(size.subscribers * 0.02);
  for (let s = 0; s < stock; s++) {
    addDevice(random.weighted(modelWeights(0)), {
      subscriberId: null,
      region: null,
      status: 'IN_STOCK',
      tokenState: 'NONE',
      tokenVersion: 0,
      createdAt: ctx.daysAgo(random.int(1, 90)),
      lastSeenAt: null,
      latestFirmware: true,
    });
  }

  const { prisma, log } = ctx;
  return {
    subscribers: await insertInChunks(
      'subscribers',
      subscribers,
      (data) => prisma.subscriber.createMany({ data, skipDuplicates: true }),
      log,
    ),
    subscriptions: await insertInChunks(
      'subscriptions',
      subscriptions,
      (data) => prisma.subscription.createMany({ data, skipDuplicates: true }),
      log,
    ),
    devices: await insertInChunks(
      'devices',
      devices,
      (data) => prisma.device.createMany({ data, skipDuplicates: true }),
      log,
    ),
  };
}
