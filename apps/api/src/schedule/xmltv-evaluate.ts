import type { TXmltvRejection, TXmltvReportEntry } from '@keten/contracts';
import { spanOf } from './overlap';
import type { TXmltvEntry } from './xmltv-parse';

export interface TSlot {
  id?: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
}
/** XMLTV channel id → the Keten channel it stands for, or why there is none. */
export type TChannelMatch = { channelId: string } | { error: string };

export interface TAcceptedRow {
  entry: TXmltvEntry;
  channelId: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
}

/** Decides each entry (file order kept in the report); overlaps are judged per channel in start order. */
export function evaluateEntries(
  entries: TXmltvEntry[],
  channels: Map<string, TChannelMatch>,
  existing: Map<string, TSlot[]>,
): { report: TXmltvReportEntry[]; accepted: TAcceptedRow[] } {
  const verdicts = new Map<number, { reason: TXmltvRejection; message: string }>();
  const reject = (entry: TXmltvEntry, reason: TXmltvRejection, message: string) =>
    verdicts.set(entry.index, { reason, message });
  const candidates: TAcceptedRow[] = [];

  for (const entry of entries) {
    const match = channels.get(entry.xmltvChannel);
    if (entry.textProblem) reject(entry, 'BAD_TEXT', entry.textProblem);
    else if (!match || 'error' in match)
      reject(entry, 'UNKNOWN_CHANNEL', match?.error ?? 'The entry names no channel.');
    else if (!entry.title) reject(entry, 'MISSING_TITLE', 'The programme has no <title>.');
    else if (!entry.start)
      reject(entry, 'BAD_TIME', `Start "${entry.startText}" is not an XMLTV time like 20261025203000 +0100.`);
    else if (entry.stopText !== null && !entry.stop)
      reject(entry, 'BAD_TIME', `Stop "${entry.stopText}" is not an XMLTV time like 20261025203000 +0100.`);
    else
      candidates.push({
        entry,
        channelId: match.channelId,
        startsAt: entry.start,
        endsAt: entry.stop ?? entry.start,
        title: entry.title,
      });
  }

  const byChannel = new Map<string, TAcceptedRow[]>();
  for (const row of candidates) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row]);
  const accepted: TAcceptedRow[] = [];
  for (const [channelId, rows] of byChannel) {
    rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.entry.index - b.entry.index);
    // A programme without a stop time ends where the next one on its channel begins (common in feeds).
    rows.forEach((row, i) => {
      if (row.entry.stopText === null) {
        const next = rows.slice(i + 1).find((later) => later.startsAt > row.startsAt);
        row.endsAt = next ? next.startsAt : row.startsAt;
      }
    });
    let last: TAcceptedRow | undefined;
    for (const row of rows) {
      const clash = existing
        .get(channelId)
        ?.find((slot) => slot.startsAt < row.endsAt && slot.endsAt > row.startsAt);
      if (row.entry.stopText === null && row.endsAt <= row.startsAt)
        reject(row.entry, 'BAD_TIME', 'No stop time, and no later programme on this channel to end it.');
      else if (row.endsAt <= row.startsAt)
        reject(
          row.entry,
          'END_BEFORE_START',
          `Stop "${row.entry.stopText}" is not after start "${row.entry.startText}".`,
        );
      else if (clash)
        reject(
          row.entry,
          'OVERLAPS_EXISTING',
          `Overlaps "${clash.title}" (${spanOf(clash.startsAt, clash.endsAt)}), already in the schedule.`,
        );
      else if (last && last.endsAt > row.startsAt)
        reject(
          row.entry,
          'OVERLAPS_IMPORTED',
          `Overlaps entry #${last.entry.index} "${last.title}" (${spanOf(last.startsAt, last.endsAt)}) in this file.`,
        );
      else {
        accepted.push(row);
        last = row;
      }
    }
  }

  const report = entries.map((entry): TXmltvReportEntry => {
    const verdict = verdicts.get(entry.index);
    return {
      index: entry.index,
      xmltvChannel: entry.xmltvChannel,
      title: entry.title,
      start: entry.startText,
      status: verdict ? 'rejected' : 'accepted',
      ...verdict,
    };
  });
  return { report, accepted };
}
