import { LIVE_QUEUE } from '@keten/contracts';
import type { Prisma } from '@keten/db/client';

/**
 * What "has a picture now" reads from a channel row: a worker runs its live job (the job record is ACTIVE) and has
 * put a source on air (onAirSourceId, cleared when the job stops). Both, because a source marked on air without a
 * running job (the demo seed's NOC data, a worker killed mid-run) serves nothing.
 */
export const ON_AIR_SELECT = {
  onAirSourceId: true,
  jobs: { where: { queue: LIVE_QUEUE, state: 'ACTIVE' }, select: { id: true }, take: 1 },
} satisfies Prisma.ChannelSelect;

export const isOnAir = (channel: { onAirSourceId: string | null; jobs: unknown[] }) =>
  channel.onAirSourceId !== null && channel.jobs.length > 0;
