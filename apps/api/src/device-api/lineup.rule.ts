import { formatAmsterdam, rungIncompatibility, type TDecoderCapability } from '@keten/contracts';
import type { Prisma, SubscriberStatus } from '@keten/db/client';
import { ON_AIR_SELECT } from './on-air';

/** Why a box does not get a channel, in the order support reads them. */
export type TWithheldReason = 'ACCOUNT' | 'SUBSCRIPTION' | 'CHANNEL_STATUS' | 'POP_UP_WINDOW' | 'DECODER';

export interface TWithheld {
  reason: TWithheldReason;
  /** In support's words, e.g. "in Sport; no running subscription to it" or "no HEVC decoder". */
  detail: string;
}

/** A running subscription: what grants channels now, and until when (null: open-ended). */
export interface TRunningPackage {
  packageId: string;
  packageCode: string;
  packageName: string;
  until: Date | null;
}

export interface TSubscriberFacts {
  status: SubscriberStatus;
  running: TRunningPackage[];
}

/** What the rule reads of every channel; of its windows only the earliest-starting one that has not ended. */
export const channelFactsSelect = (now: Date) =>
  ({
    id: true,
    slug: true,
    lcn: true,
    name: true,
    genre: true,
    language: true,
    logoPath: true,
    state: true,
    // Not part of the rule: read here so the lineup can say whether the channel has a picture now.
    ...ON_AIR_SELECT,
    packages: { select: { packageId: true, package: { select: { name: true } } } },
    _count: { select: { availabilityWindows: true } },
    availabilityWindows: {
      where: { endsAt: { gt: now } },
      orderBy: { startsAt: 'asc' },
      take: 1,
      select: { startsAt: true, endsAt: true },
    },
    encodingProfileVersion: {
      select: {
        rungs: {
          orderBy: { ordinal: 'asc' },
          select: {
            ordinal: true,
            codec: true,
            profile: true,
            level: true,
            width: true,
            height: true,
            fps: true,
            bitrateKbps: true,
          },
        },
      },
    },
  }) satisfies Prisma.ChannelSelect;

export type TChannelFacts = Prisma.ChannelGetPayload<{ select: ReturnType<typeof channelFactsSelect> }>;
export type TLineupRung = NonNullable<TChannelFacts['encodingProfileVersion']>['rungs'][number];

export interface TChannelVerdict {
  channel: TChannelFacts;
  /** The rungs this box can decode. */
  rungs: TLineupRung[];
  /** The running subscriptions whose package holds the channel. */
  via: TRunningPackage[];
  /** Empty when the box gets the channel; otherwise every reason it does not. */
  withheld: TWithheld[];
}

function windowWithheld(channel: TChannelFacts, now: Date): TWithheld | undefined {
  if (channel._count.availabilityWindows === 0) return undefined;
  const window = channel.availabilityWindows[0];
  if (window && window.startsAt <= now) return undefined;
  return {
    reason: 'POP_UP_WINDOW',
    detail: window
      ? `outside its windows; next ${formatAmsterdam(window.startsAt)} – ${formatAmsterdam(window.endsAt)}`
      : 'outside its windows; none ahead',
  };
}

function decoderWithheld(all: TLineupRung[], box: TDecoderCapability): TWithheld {
  // The least demanding rung says the most: if even that one fails, this is why.
  const lowest = all.at(-1);
  return {
    reason: 'DECODER',
    detail: lowest
      ? `cannot decode even the ${lowest.width}×${lowest.height} rung: ${rungIncompatibility(lowest, box)}`
      : 'no ladder pinned',
  };
}

/**
 * THE entitlement rule, for one channel on one box: the box's lineup and support's view both call it.
 * A box gets a channel when the account is active, a running subscription holds it, it is LIVE, a pop-up is
 * inside a window, and the box can decode at least one rung.
 */
export function decideChannel(
  channel: TChannelFacts,
  subscriber: TSubscriberFacts,
  box: TDecoderCapability,
  now: Date,
): TChannelVerdict {
  const withheld: TWithheld[] = [];
  if (subscriber.status !== 'ACTIVE') {
    withheld.push({ reason: 'ACCOUNT', detail: `account is ${subscriber.status.toLowerCase()}` });
  }
  const via = subscriber.running.filter((r) => channel.packages.some((p) => p.packageId === r.packageId));
  if (via.length === 0) {
    const names = channel.packages.map((p) => p.package.name).sort();
    withheld.push({
      reason: 'SUBSCRIPTION',
      detail: names.length === 0 ? 'in no package' : `in ${names.join(', ')}; no running subscription to it`,
    });
  }
  if (channel.state !== 'LIVE') {
    withheld.push({
      reason: 'CHANNEL_STATUS',
      detail: channel.state === 'DRAFT' ? 'draft: not published yet' : 'disabled by an operator',
    });
  }
  const outside = windowWithheld(channel, now);
  if (outside) withheld.push(outside);
  const all = channel.encodingProfileVersion?.rungs ?? [];
  const rungs = all.filter((rung) => rungIncompatibility(rung, box) === undefined);
  // A channel this box cannot decode at any rung would only show a black screen.
  if (rungs.length === 0) withheld.push(decoderWithheld(all, box));
  return { channel, rungs, via, withheld };
}
