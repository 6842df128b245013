import type { TLineupChannel } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { KetenError } from '../lib/errors';
import { boxModelCapabilityFields } from '../profiles/compatibility.service';
import {
  channelFactsSelect,
  decideChannel,
  type TChannelFacts,
  type TChannelVerdict,
  type TSubscriberFacts,
} from './lineup.rule';
import { isOnAir } from './on-air';

/** Where a box asks to play a channel (POST); the lineup and M3U routes replace it with a signed media URL. */
export const playPath = (slug: string) => `/v1/play/${slug}`;

/** The account's status and its running subscriptions, or null for an unknown subscriber. */
export async function subscriberFacts(
  prisma: PrismaClient,
  subscriberId: string,
  now: Date,
): Promise<TSubscriberFacts | null> {
  const subscriber = await prisma.subscriber.findUnique({
    where: { id: subscriberId },
    select: {
      status: true,
      subscriptions: {
        where: { startsAt: { lte: now }, OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
        orderBy: { startsAt: 'asc' },
        select: { endsAt: true, package: { select: { id: true, code: true, name: true } } },
      },
    },
  });
  if (!subscriber) return null;
  return {
    status: subscriber.status,
    running: subscriber.subscriptions.map((s) => ({
      packageId: s.package.id,
      packageCode: s.package.code,
      packageName: s.package.name,
      until: s.endsAt,
    })),
  };
}

/** Every channel with what the entitlement rule reads of it, by LCN. */
export function channelFacts(prisma: PrismaClient, now: Date): Promise<TChannelFacts[]> {
  return prisma.channel.findMany({ orderBy: { lcn: 'asc' }, select: channelFactsSelect(now) });
}

function toLineupChannel({ channel, rungs }: TChannelVerdict): TLineupChannel {
  return {
    id: channel.id,
    slug: channel.slug,
    lcn: channel.lcn,
    name: channel.name,
    genre: channel.genre,
    language: channel.language,
    logoUrl: channel.logoPath ? `/media/${channel.logoPath}` : null,
    streamUrl: playPath(channel.slug),
    onAir: isOnAir(channel),
    rungs,
  };
}

/** The box's channels now: those the entitlement rule (lineup.rule.ts) gives it, each with only the rungs it can decode. */
export async function deviceLineup(
  prisma: PrismaClient,
  who: { subscriberId: string; boxModel: string },
  now = new Date(),
  /** `channelFacts(prisma, now)` when the caller already has it (many boxes' lineups at one instant). */
  knownChannels?: TChannelFacts[],
): Promise<TLineupChannel[]> {
  const [subscriber, box, channels] = await Promise.all([
    subscriberFacts(prisma, who.subscriberId, now),
    prisma.boxModel.findUnique({ where: { code: who.boxModel }, select: boxModelCapabilityFields }),
    knownChannels ?? channelFacts(prisma, now),
  ]);
  if (subscriber?.status !== 'ACTIVE') {
    throw new KetenError('ENTITLEMENT_DENIED', 'This account is not active.');
  }
  if (!box) throw new KetenError('TOKEN_INVALID', 'The token names an unknown box model.');
  return channels
    .map((channel) => decideChannel(channel, subscriber, box, now))
    .filter((verdict) => verdict.withheld.length === 0)
    .map(toLineupChannel);
}
