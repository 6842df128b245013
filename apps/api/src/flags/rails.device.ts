import type { TLineupChannel } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import {
  evaluateRails,
  railsNeedLineup,
  type TDeviceFacts,
  type TRailEvaluation,
  type TRailItem,
} from '@keten/flags';
import { deviceLineup } from '../device-api/lineup.service';
import { KetenError } from '../lib/errors';
import type { TFlagSnapshot } from './snapshot';

/** A channel as a rail shows it: enough to draw a tile and tune (`streamUrl` is where /v1/play signs it). */
export type TRailChannel = Pick<TLineupChannel, 'id' | 'slug' | 'lcn' | 'name' | 'logoUrl' | 'streamUrl'>;

export type TBoxRailItem =
  | { type: 'channel'; channel: TRailChannel }
  | {
      type: 'promotion';
      id: string;
      title: string;
      imageUrl: string;
      target: { type: 'channel'; channel: TRailChannel } | { type: 'link'; url: string };
      validTo: string | null;
    };

/** One rail as a box receives it in /v1/config. */
export interface TBoxRail {
  key: string;
  title: string;
  variant: string;
  items: TBoxRailItem[];
}

/**
 * The channels a box may watch now, by id: its lineup (entitlements and decoder, `../device-api/lineup.service.ts`).
 * An inactive account or a box without a subscriber may watch none.
 */
export async function watchableChannels(
  prisma: PrismaClient,
  who: { subscriberId: string | null; boxModel: string },
  now: Date,
): Promise<Map<string, TRailChannel>> {
  if (!who.subscriberId) return new Map();
  try {
    const lineup = await deviceLineup(
      prisma,
      { subscriberId: who.subscriberId, boxModel: who.boxModel },
      now,
    );
    return new Map(
      lineup.map(({ id, slug, lcn, name, logoUrl, streamUrl }) => [
        id,
        { id, slug, lcn, name, logoUrl, streamUrl },
      ]),
    );
  } catch (error) {
    if (error instanceof KetenError && ['ENTITLEMENT_DENIED', 'TOKEN_INVALID'].includes(error.code))
      return new Map();
    throw error;
  }
}

/** Every rail evaluated for one box (the preview shows them all, with why; the box gets `toBoxRails` of them). */
export async function evaluateDeviceRails(
  prisma: PrismaClient,
  snapshot: TFlagSnapshot,
  device: TDeviceFacts,
  subscriberId: string | null,
  now = new Date(),
) {
  // The lineup costs three queries: only read it when some live rail names a channel.
  const channels = railsNeedLineup(snapshot.rails)
    ? await watchableChannels(prisma, { subscriberId, boxModel: device.boxModel }, now)
    : new Map<string, TRailChannel>();
  const evaluations = evaluateRails(snapshot.rails, device, snapshot.cohorts, {
    now,
    watchable: new Set(channels.keys()),
  });
  return { evaluations, channels };
}

function boxItem(item: TRailItem, channels: ReadonlyMap<string, TRailChannel>): TBoxRailItem {
  // evaluateRails kept only items whose channels are in `channels`.
  if (item.type === 'channel') return { type: 'channel', channel: channels.get(item.channelId)! };
  return {
    type: 'promotion',
    id: item.id,
    title: item.title,
    imageUrl: item.imageUrl,
    target:
      item.target.type === 'channel'
        ? { type: 'channel', channel: channels.get(item.target.channelId)! }
        : { type: 'link', url: item.target.url },
    validTo: item.validTo,
  };
}

/** What a box receives: the rails it gets with at least one item, in home-screen order. */
export function toBoxRails(
  evaluations: readonly TRailEvaluation[],
  channels: ReadonlyMap<string, TRailChannel>,
) {
  return evaluations.flatMap((rail): TBoxRail[] =>
    rail.variant !== null && rail.items.length > 0
      ? [
          {
            key: rail.key,
            title: rail.title,
            variant: rail.variant,
            items: rail.items.map((item) => boxItem(item, channels)),
          },
        ]
      : [],
  );
}

export async function deviceRails(
  prisma: PrismaClient,
  snapshot: TFlagSnapshot,
  device: TDeviceFacts,
  subscriberId: string | null,
  now = new Date(),
): Promise<TBoxRail[]> {
  if (snapshot.rails.length === 0) return [];
  const { evaluations, channels } = await evaluateDeviceRails(prisma, snapshot, device, subscriberId, now);
  return toBoxRails(evaluations, channels);
}
