import type { TSharingSignalsInput } from '@keten/contracts';
import { readSharingFacts, type TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import type { z } from 'zod';
import { KetenError } from '../lib/errors';
import type { ZSharingSignalsInputSchema } from './delivery.schema';

/** Thresholds, chosen so a household's normal use stays quiet (README "Sharing signals"). */
export const SHARING_THRESHOLDS = {
  /** A box at home fetches from one address, two across a router restart or an IPv4+IPv6 home. */
  addressesPerBox: 3,
  /** Share of a box's 10-second windows pulling more than one rendition (a player switches now and then). */
  parallelRenditionsShare: 0.5,
  /** Windows needed before that share means anything (a minute of segments). */
  minWindows: 6,
  /** Share of segment requests that belong to no session with QoE beacons. */
  unbeaconedShare: 0.8,
  /** Segment requests needed before that share means anything (about two minutes of 2 s segments). */
  minSegments: 60,
} as const;

export interface TSharingSignal {
  kind: 'many_addresses' | 'over_limit' | 'parallel_renditions' | 'no_beacons';
  /** The box it is about, or null for the whole account. */
  deviceId: string | null;
  serial: string | null;
  /** What was seen, in words, with its numbers. */
  explanation: string;
  figures: Record<string, number | string[]>;
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
const n = (value: number) => value.toLocaleString('en');

/**
 * Signals that a subscriber's access is shared or restreamed, from the delivery records of their boxes over the
 * last `hours`: one box fetched from many addresses, more boxes played at once than the account allows, a box
 * pulling several renditions in parallel, a box fetching segments for no session that sent QoE beacons. Each
 * signal says what was seen, with its numbers; an empty list means nothing stood out.
 */
export async function sharingSignals(
  prisma: PrismaClient,
  clickhouse: TKetenClickHouse,
  input: z.output<typeof ZSharingSignalsInputSchema>,
  now = Date.now(),
): Promise<{ from: Date; to: Date; signals: TSharingSignal[] }> {
  const subscriber = await prisma.subscriber.findUnique({
    where: { id: input.subscriberId },
    select: { maxConcurrentStreams: true, devices: { select: { id: true, serial: true } } },
  });
  if (!subscriber) throw new KetenError('NOT_FOUND', 'No subscriber with this id.', 'subscriberId');
  const from = now - input.hours * 3600_000;
  const serialOf = new Map(subscriber.devices.map((device) => [device.id, device.serial]));
  const signals: TSharingSignal[] = [];
  if (subscriber.devices.length === 0) return { from: new Date(from), to: new Date(now), signals };
  const facts = await readSharingFacts(clickhouse.client, {
    from,
    to: now,
    subscriberId: input.subscriberId,
    devices: [...serialOf.keys()],
    limit: subscriber.maxConcurrentStreams,
  });
  const window = `the last ${input.hours} h`;
  for (const row of facts.addresses) {
    if (row.addresses_n < SHARING_THRESHOLDS.addressesPerBox) continue;
    const serial = serialOf.get(row.device_id) ?? null;
    signals.push({
      kind: 'many_addresses',
      deviceId: row.device_id,
      serial,
      explanation:
        `Box ${serial ?? row.device_id} fetched media from ${n(row.addresses_n)} different addresses in ${window} ` +
        `(${row.addresses.join(', ')}${row.addresses_n > row.addresses.length ? ', …' : ''}; ${n(row.requests_n)} requests). ` +
        `A box at home uses one or two: its signed URLs are likely being used elsewhere.`,
      figures: { addresses: row.addresses_n, requests: row.requests_n, sample: row.addresses },
    });
  }
  const limit = subscriber.maxConcurrentStreams;
  const { max_boxes_n: maxBoxes, minutes_over_n: minutesOver, refused_n: refused } = facts.concurrency;
  if (minutesOver > 0 || refused > 0) {
    signals.push({
      kind: 'over_limit',
      deviceId: null,
      serial: null,
      explanation:
        `Up to ${n(maxBoxes)} boxes fetched playlists in the same minute (the account allows ${limit}); ` +
        `${n(minutesOver)} minute(s) in ${window} were above the limit, and the origin refused ` +
        `${n(refused)} playlist request(s) with CONCURRENCY_LIMIT.`,
      figures: { maxBoxes, limit, minutesOver, refused },
    });
  }
  for (const row of facts.restream) {
    const serial = serialOf.get(row.device_id) ?? null;
    const name = serial ?? row.device_id;
    const parallel = row.windows_n > 0 ? row.parallel_windows_n / row.windows_n : 0;
    if (
      row.windows_n >= SHARING_THRESHOLDS.minWindows &&
      parallel >= SHARING_THRESHOLDS.parallelRenditionsShare
    ) {
      signals.push({
        kind: 'parallel_renditions',
        deviceId: row.device_id,
        serial,
        explanation:
          `Box ${name} pulled several renditions at the same time (up to ${n(row.max_renditions_n)}) in ` +
          `${pct(parallel)} of its ${n(row.windows_n)} ten-second windows with segments. A player fetches one ` +
          `rendition and switches now and then; pulling every quality at once is what a restreamer does.`,
        figures: {
          windows: row.windows_n,
          parallelWindows: row.parallel_windows_n,
          maxRenditions: row.max_renditions_n,
        },
      });
    }
    const unbeaconed = row.segments_n > 0 ? row.without_beacons_n / row.segments_n : 0;
    if (
      row.segments_n >= SHARING_THRESHOLDS.minSegments &&
      unbeaconed >= SHARING_THRESHOLDS.unbeaconedShare
    ) {
      signals.push({
        kind: 'no_beacons',
        deviceId: row.device_id,
        serial,
        explanation:
          `Of ${n(row.segments_n)} segment requests from box ${name} in ${window}, ${n(row.without_beacons_n)} ` +
          `(${pct(unbeaconed)}) belong to no playback session that sent QoE beacons: something other than the ` +
          `Keten player is fetching with this box's URLs.`,
        figures: { segments: row.segments_n, withoutBeacons: row.without_beacons_n },
      });
    }
  }
  return { from: new Date(from), to: new Date(now), signals };
}

export type { TSharingSignalsInput };
