import { formatAmsterdamSpan } from '@keten/contracts';
import type { Prisma } from '@keten/db/client';
import { KetenError } from '../lib/errors';

/** Serialises schedule writes per channel, so two overlapping saves cannot both pass the check. */
export async function lockChannelSchedule(tx: Prisma.TransactionClient, channelIds: string[]): Promise<void> {
  for (const id of [...new Set(channelIds)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`schedule:${id}`}))`;
  }
}

/** Refuses a span that overlaps another row on the channel, naming the clash and the field that runs into it. */
export function refuseOverlap(
  clash: { title: string; startsAt: Date; endsAt: Date } | null,
  start: Date,
  what: string,
): void {
  if (!clash) return;
  // The start lies inside the clash → move the start; otherwise the end runs into (or over) it.
  const field = start >= clash.startsAt && start < clash.endsAt ? 'start' : 'end';
  throw new KetenError(
    'CONFLICT',
    `Overlaps ${what} "${clash.title}" (${formatAmsterdamSpan(clash.startsAt, clash.endsAt)}, Amsterdam time) on this channel.`,
    field,
  );
}
