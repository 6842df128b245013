import { amsterdamWallClock, formatOffset } from '@keten/contracts';

const XMLTV_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?\s*(?:([+-])(\d{2})(\d{2})|Z|UTC|GMT)?$/;

/** "20261025013000 +0200" → the instant; XMLTV says a time without a zone is UTC. Null when unreadable. */
export function parseXmltvTime(text: string | undefined): Date | null {
  const m = text ? XMLTV_TIME.exec(text.trim()) : null;
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(naive).getUTCDate() !== day) return null;
  const offsetMinutes = m[7] ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) : 0;
  if (Math.abs(offsetMinutes) > 14 * 60) return null;
  return new Date(naive - offsetMinutes * 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as Amsterdam wall clock with its offset at that moment, e.g. "20261025023000 +0100". */
export function formatXmltvTime(instant: Date): string {
  const w = amsterdamWallClock(instant);
  return `${w.year}${pad(w.month)}${pad(w.day)}${pad(w.hour)}${pad(w.minute)}${pad(w.second)} ${formatOffset(w.offsetMinutes, false)}`;
}
