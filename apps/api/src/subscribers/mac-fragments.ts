import { macDigits } from '@keten/contracts';

/** A typed piece of a MAC as it would sit inside a stored one ("02:4b:11:00:00:1a"). */
export interface TMacFragment {
  /** Lower-case, colon-separated like the stored MAC: "00:00:1a", "a:00:1a", "00:00:1". */
  text: string;
  /** Starts on an octet (the MAC's start or right after a colon); false when its first digit ends an octet. */
  octetStart: boolean;
}

const pairs = (digits: string) => digits.match(/.{1,2}/g) ?? [];

function fragment(digits: string, octetStart: boolean): TMacFragment {
  const text = octetStart ? pairs(digits) : [digits.slice(0, 1), ...pairs(digits.slice(1))];
  return { text: text.join(':'), octetStart };
}

/**
 * Where a typed MAC fragment may sit without crossing octet boundaries. Separators (`:`, `-`, `.`, space) say
 * where octets start, so `00:00:1a` is only ever `…00:00:1a…`, never `…0:00:1a…` inside `00:01:a7`; a whole
 * number of octets typed without separators starts on an octet; an odd count of digits leaves one half octet,
 * at the end (`00:01:a`) or at the start (`0:00:1a`). Empty when the text cannot be part of a MAC.
 */
export function macFragments(typed: string): TMacFragment[] {
  const digits = macDigits(typed);
  if (!digits) return [];
  const groups = typed
    .trim()
    .toLowerCase()
    .split(/[\s:.-]+/)
    .filter(Boolean);
  const first = groups[0] ?? '';
  if (groups.length > 1) {
    // Inner groups are whole octets (aa or Cisco's aabb); otherwise the separators disagree with any MAC.
    if (groups.slice(1, -1).some((group) => group.length % 2 !== 0)) return [];
    return [fragment(digits, first.length % 2 === 0)];
  }
  if (digits.length % 2 === 0) return [fragment(digits, true)];
  return [fragment(digits, true), fragment(digits, false)];
}

/** LIKE patterns for `mac` (no user wildcards can occur: only hex digits and colons): the trigram index's part. */
export function macContainsPatterns(fragments: readonly TMacFragment[]): string[] {
  return fragments.map(({ text }) => `%${text}%`);
}

/**
 * LIKE patterns for `':' || mac`, the octet-boundary check on what the index found: a fragment that starts on an
 * octet follows a colon (the one put in front counts for the MAC's start). Kept off the index on purpose: as an
 * index condition it would double the scans for no fewer rows read.
 */
export function macBoundaryPatterns(fragments: readonly TMacFragment[]): string[] {
  return fragments.map(({ text, octetStart }) => (octetStart ? `%:${text}%` : `%${text}%`));
}

/** LIKE patterns for a fragment at either end of the MAC: what a sticker's first or last octets give. */
export function macEndPatterns(fragments: readonly TMacFragment[]): string[] {
  return fragments.flatMap(({ text, octetStart }) => (octetStart ? [`${text}%`, `%:${text}`] : [`%${text}`]));
}
