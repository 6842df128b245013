import {
  formatAmsterdamSpan,
  PROGRAMME_MAX_HOURS,
  programmeTooLong,
  type TXmltvRejection,
  type TXmltvReportEntry,
} from '@keten/contracts';
import type { TProgrammeRow } from './programmes.bulk';
import type { TXmltvEntry } from './xmltv-parse';

/** A programme already in the schedule; `byHand` when an operator entered or edited it in the console. */
export interface TStoredProgramme extends TProgrammeRow {
  id: string;
  byHand: boolean;
}
/** XMLTV channel id → the Keten channel it stands for, or why there is none. */
export type TChannelMatch = { channelId: string } | { error: string };

interface TCandidate {
  entry: TXmltvEntry;
  row: TProgrammeRow;
}

/** What the import writes: removals first (they free the starts inserts take), then updates, then inserts. */
export interface TImportPlan {
  report: TXmltvReportEntry[];
  inserts: TProgrammeRow[];
  updates: { id: string; row: TProgrammeRow }[];
  removals: string[];
  unchanged: number;
}

// The stored fields an entry sets, named as the console's programme form labels them.
const FIELDS = {
  title: 'title',
  description: 'description',
  category: 'category',
  seasonNumber: 'season',
  episodeNumber: 'episode',
  episodeTitle: 'episode title',
  ageRating: 'age rating',
} as const satisfies Partial<Record<keyof TProgrammeRow, string>>;

/** The fields in which two programmes at one start differ, in the form's words ("end" for the stop time). */
function differences(stored: TProgrammeRow, row: TProgrammeRow): string[] {
  const changed = Object.entries(FIELDS).flatMap(([field, label]) =>
    stored[field as keyof typeof FIELDS] === row[field as keyof typeof FIELDS] ? [] : [label],
  );
  return stored.endsAt.getTime() === row.endsAt.getTime() ? changed : ['end', ...changed];
}

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt < b.endsAt && a.endsAt > b.startsAt;

function rowOf(entry: TXmltvEntry, channelId: string, start: Date, title: string): TProgrammeRow {
  return {
    channelId,
    startsAt: start,
    endsAt: entry.stop ?? start,
    title,
    description: entry.description ?? null,
    category: entry.category ?? null,
    seasonNumber: entry.seasonNumber ?? null,
    episodeNumber: entry.episodeNumber ?? null,
    episodeTitle: entry.episodeTitle ?? null,
    ageRating: entry.ageRating ?? null,
  };
}

/**
 * Decides each entry against the schedule (file order kept in the report). Per channel, the file owns the span
 * from its first start to its last stop: what earlier imports stored there gives way (an identical programme
 * stays untouched, one at the same start is updated in place, the rest is removed); a programme entered or
 * edited by hand is a clash, unless `replace` lets the file win over those too.
 */
export function evaluateEntries(
  entries: TXmltvEntry[],
  channels: Map<string, TChannelMatch>,
  stored: Map<string, TStoredProgramme[]>,
  replace: boolean,
): TImportPlan {
  const verdicts = new Map<number, Pick<TXmltvReportEntry, 'status' | 'reason' | 'message'>>();
  const reject = (entry: TXmltvEntry, reason: TXmltvRejection, message: string) =>
    verdicts.set(entry.index, { status: 'rejected', reason, message });
  const byChannel = new Map<string, TCandidate[]>();

  for (const entry of entries) {
    const match = channels.get(entry.xmltvChannel);
    if (entry.textProblem) reject(entry, 'BAD_TEXT', entry.textProblem);
    else if (!match || 'error' in match)
      reject(entry, 'UNKNOWN_CHANNEL', match?.error ?? 'The entry names no channel.');
    else if (!entry.title) reject(entry, 'MISSING_TITLE', 'The programme has no <title>.');
    else if (entry.timeProblem || !entry.start)
      reject(entry, 'BAD_TIME', entry.timeProblem ?? 'No start time.');
    else {
      const candidate = { entry, row: rowOf(entry, match.channelId, entry.start, entry.title) };
      byChannel.set(match.channelId, [...(byChannel.get(match.channelId) ?? []), candidate]);
    }
  }

  const plan: TImportPlan = { report: [], inserts: [], updates: [], removals: [], unchanged: 0 };
  for (const [channelId, candidates] of byChannel) {
    candidates.sort(
      (a, b) => a.row.startsAt.getTime() - b.row.startsAt.getTime() || a.entry.index - b.entry.index,
    );
    // A programme without a stop time ends where the next one on its channel begins (common in feeds).
    candidates.forEach(({ entry, row }, i) => {
      if (entry.stopText !== null) return;
      let j = i + 1;
      while (j < candidates.length && (candidates[j]?.row.startsAt ?? row.startsAt) <= row.startsAt) j++;
      row.endsAt = candidates[j]?.row.startsAt ?? row.startsAt;
    });
    // Sorted by start: the span runs from the first start to the latest stop (a feed can hold 20k rows a channel).
    const from = candidates[0]?.row.startsAt.getTime() ?? 0;
    const to = candidates.reduce((max, c) => Math.max(max, c.row.endsAt.getTime()), from);
    const ownedHere = (slot: TStoredProgramme) => replace || !slot.byHand;
    const existing = stored.get(channelId) ?? [];
    // One stored programme per channel and start (a unique key); the hand-entered ones are few.
    const atStart = new Map(existing.map((slot) => [slot.startsAt.getTime(), slot]));
    const handEntered = existing.filter((slot) => !ownedHere(slot));
    const settled = new Set<string>();
    let last: TCandidate | undefined;

    for (const candidate of candidates) {
      const { entry, row } = candidate;
      if (entry.stopText === null && row.endsAt <= row.startsAt) {
        reject(entry, 'BAD_TIME', 'No stop time, and no later programme on this channel to end it.');
        continue;
      }
      if (row.endsAt <= row.startsAt) {
        reject(
          entry,
          'END_BEFORE_START',
          `Stop "${entry.stopText}" is not after start "${entry.startText}".`,
        );
        continue;
      }
      // Refused, not cut short: an unattended feed's day-long entry is a broken stop or year, and stored it would
      // block the channel's span for every later entry. A real one is entered by hand with the override.
      if (programmeTooLong(row.startsAt, row.endsAt)) {
        const hours = Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 3_600_000);
        const cause = entry.stopText === null ? ' (no stop time: it runs until the next programme)' : '';
        reject(
          entry,
          'TOO_LONG',
          `Runs ${hours.toLocaleString('en-GB')} hours${cause}, ${formatAmsterdamSpan(row.startsAt, row.endsAt)}; a programme may last at most ${PROGRAMME_MAX_HOURS} hours. A longer one can be entered in the console.`,
        );
        continue;
      }
      if (last && last.row.endsAt > row.startsAt) {
        reject(
          entry,
          'OVERLAPS_IMPORTED',
          `Overlaps entry #${last.entry.index} "${last.row.title}" (${formatAmsterdamSpan(last.row.startsAt, last.row.endsAt)}) in this file.`,
        );
        continue;
      }
      const slot = atStart.get(row.startsAt.getTime());
      const open = slot && !settled.has(slot.id) ? slot : undefined;
      const twin = open && differences(open, row).length === 0 ? open : undefined;
      const hand = handEntered.find((other) => other !== twin && overlaps(other, row));
      if (hand) {
        reject(
          entry,
          'OVERLAPS_EXISTING',
          `Overlaps "${hand.title}" (${formatAmsterdamSpan(hand.startsAt, hand.endsAt)}), entered by hand in the schedule; an import replaces only what imports stored there, unless "Replace" is chosen.`,
        );
        continue;
      }
      last = candidate;
      if (twin) {
        settled.add(twin.id);
        plan.unchanged++;
        verdicts.set(entry.index, { status: 'unchanged' });
        continue;
      }
      // Only a programme an import stored is changed in place: a hand-entered one keeps its audit history, so
      // (in replace mode) it is removed and the file's programme stored anew, owned by imports from then on.
      const sameSlot = open && !open.byHand ? open : undefined;
      if (sameSlot) {
        settled.add(sameSlot.id);
        plan.updates.push({ id: sameSlot.id, row });
        verdicts.set(entry.index, {
          status: 'updated',
          message: `Changes the stored ${differences(sameSlot, row).join(', ')}.`,
        });
      } else {
        plan.inserts.push(row);
        verdicts.set(entry.index, { status: 'accepted' });
      }
    }
    for (const slot of existing) {
      const inSpan = slot.startsAt.getTime() < to && slot.endsAt.getTime() > from;
      if (inSpan && ownedHere(slot) && !settled.has(slot.id)) plan.removals.push(slot.id);
    }
  }

  plan.report = entries.map((entry) => ({
    index: entry.index,
    xmltvChannel: entry.xmltvChannel,
    title: entry.title,
    start: entry.startText,
    ...(verdicts.get(entry.index) ?? { status: 'rejected', reason: 'BAD_TIME', message: 'No start time.' }),
  }));
  return plan;
}
