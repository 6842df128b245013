import type { Prisma } from '@keten/db/client';
import { KetenError } from '../lib/errors';
import { assertPlayable } from '../profiles/compatibility.service';
import { rungFields } from '../profiles/profiles.service';
import type { TChannelRecord } from './channels.snapshot';

/** The input a ladder problem is shown next to in the channel form. */
export const LADDER_FIELD = 'encodingProfileVersionId';

/** A save that names a profile version names one that exists (the form offers only those). */
export async function assertVersionExists(tx: Prisma.TransactionClient, id: string | null | undefined) {
  if (!id) return;
  const found = await tx.encodingProfileVersion.findUnique({ where: { id }, select: { id: true } });
  if (!found) {
    throw new KetenError(
      'NOT_FOUND',
      'This encoding profile version does not exist (any more); choose one from the list.',
      LADDER_FIELD,
    );
  }
}

/**
 * Inside a save's transaction, after the write: a channel that reaches boxes on a newly chosen ladder, or
 * comes back from disabled, must leave no entitled box model without a playable rung, unless confirmed
 * (the same rule as "Pin all channels"). Returns what the audit entry records when it was confirmed.
 */
export async function checkLadder(
  tx: Prisma.TransactionClient,
  before: TChannelRecord | null,
  after: TChannelRecord,
  confirmIncompatible: boolean | undefined,
  field = LADDER_FIELD,
) {
  const version = after.encodingProfileVersion;
  if (!version || after.state === 'DISABLED') return {};
  const chosen = version.id !== before?.encodingProfileVersion?.id;
  const backOnAir = before?.state === 'DISABLED';
  if (!chosen && !backOnAir) return {};
  const { rungs } = await tx.encodingProfileVersion.findUniqueOrThrow({
    where: { id: version.id },
    select: { rungs: { select: rungFields, orderBy: { ordinal: 'asc' } } },
  });
  const impact = await assertPlayable(tx, [after.id], rungs, confirmIncompatible, field);
  return impact.boxModels.length > 0 ? { confirmedIncompatible: true, impact } : {};
}
