import {
  amsterdamWallClock,
  calendarMillis,
  formatOffset,
  INSTANT_RANGE_MESSAGE,
  instantInRange,
} from '@keten/contracts';
import { AMBIGUOUS_XMLTV_ZONES, XMLTV_ZONES } from './xmltv-zones';

// The DTD's form: "YYYYMMDDhhmmss" or an initial part of it (down to "YYYY"), then an optional zone,
// an offset ("+0100") or a name ("BST"). No zone means UTC.
const XMLTV_TIME =
  /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\s*(?:([+-])(\d{2}):?(\d{2})|([A-Za-z]+)))?$/;

export type TXmltvTime = { ok: true; instant: Date } | { ok: false; reason: string };

const LIKE = 'an XMLTV time like 20261025203000 +0100';

/** Minutes east of UTC for the zone part of a time, or why it cannot be read. */
function zoneOffset(m: RegExpExecArray): { minutes: number } | { reason: string } {
  if (m[7]) {
    const minutes = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
    return Number(m[9]) > 59 || Math.abs(minutes) > 14 * 60
      ? { reason: `the offset ${m[7]}${m[8]}${m[9]} is not a real UTC offset (at most ±1400)` }
      : { minutes };
  }
  const name = m[10]?.toUpperCase();
  if (!name) return { minutes: 0 };
  const known = XMLTV_ZONES[name];
  if (known !== undefined) return { minutes: known };
  const ambiguous = AMBIGUOUS_XMLTV_ZONES[name];
  if (ambiguous) return { reason: `the time zone "${name}" can mean ${ambiguous}; write the offset instead` };
  return {
    reason: `the time zone "${m[10]}" is not one Keten knows (such as UTC, GMT, BST, CET, CEST, EST, PST); write the offset instead, like +0100`,
  };
}

/**
 * Reads an XMLTV time: "20261025013000 +0200", "200110291600 BST", "20011228" (midnight UTC)… Missing
 * seconds, minutes… count as zero; a missing zone means UTC (the DTD's rule). The reason names the text.
 */
export function parseXmltvTime(text: string): TXmltvTime {
  const m = XMLTV_TIME.exec(text.trim());
  if (!m) return { ok: false, reason: `"${text}" is not ${LIKE}.` };
  const [year, month, day, hour, minute, second] = m
    .slice(1, 7)
    .map((v, i) => Number(v ?? (i < 3 ? 1 : 0))) as [number, number, number, number, number, number];
  const naive = calendarMillis(year, month, day, hour, minute, second);
  if (naive === null) return { ok: false, reason: `"${text}" is not a real calendar date and time.` };
  const zone = zoneOffset(m);
  if ('reason' in zone) return { ok: false, reason: `"${text}": ${zone.reason}.` };
  const instant = new Date(naive - zone.minutes * 60_000);
  if (!instantInRange(instant)) return { ok: false, reason: `"${text}" ${INSTANT_RANGE_MESSAGE}.` };
  return { ok: true, instant };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as Amsterdam wall clock with its offset at that moment, e.g. "20261025023000 +0100". */
export function formatXmltvTime(instant: Date): string {
  const w = amsterdamWallClock(instant);
  return `${w.year}${pad(w.month)}${pad(w.day)}${pad(w.hour)}${pad(w.minute)}${pad(w.second)} ${formatOffset(w.offsetMinutes, false)}`;
}
