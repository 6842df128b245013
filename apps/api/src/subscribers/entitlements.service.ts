import type { PrismaClient } from '@keten/db/client';
import { decideChannel } from '../device-api/lineup.rule';
import { channelFacts, subscriberFacts } from '../device-api/lineup.service';
import { KetenError } from '../lib/errors';
import { boxModelCapabilityFields } from '../profiles/compatibility.service';

/**
 * Support's view of a household: per box (retired ones left out), every channel with whether the box gets it —
 * decided by the box's own lineup rule, so support sees exactly GET /v1/lineup — and if not, every reason why.
 */
export async function boxEntitlements(prisma: PrismaClient, subscriberId: string, now = new Date()) {
  const [subscriber, devices, channels] = await Promise.all([
    subscriberFacts(prisma, subscriberId, now),
    prisma.device.findMany({
      where: { subscriberId, status: { not: 'RETIRED' } },
      orderBy: { serial: 'asc' },
      select: {
        id: true,
        serial: true,
        status: true,
        tokenState: true,
        boxModel: { select: boxModelCapabilityFields },
      },
    }),
    channelFacts(prisma, now),
  ]);
  if (!subscriber) throw new KetenError('NOT_FOUND', 'No subscriber with this id.', 'id');
  return {
    status: subscriber.status,
    boxes: devices.map(({ boxModel, ...device }) => ({
      deviceId: device.id,
      serial: device.serial,
      status: device.status,
      tokenState: device.tokenState,
      boxModel: { code: boxModel.code, vendor: boxModel.vendor, name: boxModel.name },
      channels: channels.map((channel) => {
        const verdict = decideChannel(channel, subscriber, boxModel, now);
        return {
          channelId: channel.id,
          lcn: channel.lcn,
          name: channel.name,
          gets: verdict.withheld.length === 0,
          via: verdict.via.map(({ packageCode, packageName, until }) => ({
            packageCode,
            packageName,
            until,
          })),
          withheld: verdict.withheld,
        };
      }),
    })),
  };
}

export type TBoxEntitlements = Awaited<ReturnType<typeof boxEntitlements>>;
