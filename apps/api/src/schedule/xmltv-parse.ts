import { PROGRAMME_AGE_RATINGS, textProblem } from '@keten/contracts';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseXmltvTime } from './xmltv-time';

/** One <programme> as read from the file, before any channel or overlap check. */
export interface TXmltvEntry {
  index: number;
  xmltvChannel: string;
  startText: string;
  stopText: string | null;
  start: Date | null;
  stop: Date | null;
  /** Why the start (or stop) attribute could not be read as a time, naming its text. */
  timeProblem?: string;
  title: string | null;
  description?: string;
  category?: string;
  episodeTitle?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  ageRating?: string;
  /** Why a text of this entry cannot be stored (a NUL or lone surrogate written as &#0; or &#xD800;). */
  textProblem?: string;
}

export type TXmltvParse = { ok: true; entries: TXmltvEntry[] } | { ok: false; error: string };

const LISTS = new Set([
  'channel',
  'programme',
  'title',
  'desc',
  'category',
  'sub-title',
  'episode-num',
  'rating',
]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => LISTS.has(name),
  // XML's own entities and a file's internal ones, bounded (no "billion laughs"); external ones are refused.
  processEntities: { enabled: true, maxEntityCount: 100, maxEntitySize: 10_000, maxExpandedLength: 100_000 },
});

// Season and episode as the programme form bounds them (0–9999), so a feed cannot overflow the column.
const MAX_COUNT = 9999;
const count = (n: number | undefined) =>
  n !== undefined && Number.isInteger(n) && n >= 0 && n <= MAX_COUNT ? n : undefined;

type TNode = Record<string, unknown>;
const asNodes = (value: unknown): TNode[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) =>
    typeof v === 'object' && v !== null ? (v as TNode) : { '#text': v },
  );
const textOf = (node: TNode | undefined): string | undefined => {
  const text = node?.['#text'];
  return text === undefined || text === null || String(text).trim() === '' ? undefined : String(text).trim();
};
const attr = (node: TNode, name: string): string | undefined => {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
};
/** The first element, preferring Dutch where feeds carry several languages. */
const firstText = (value: unknown) => {
  const nodes = asNodes(value);
  return textOf(nodes.find((n) => attr(n, 'lang') === 'nl') ?? nodes[0]);
};

/** xmltv_ns numbers are zero-based "season.episode.part"; "onscreen" reads like "S01E05". */
function episodeOf(value: unknown): { seasonNumber?: number; episodeNumber?: number } {
  for (const node of asNodes(value)) {
    const text = textOf(node) ?? '';
    if (attr(node, 'system') === 'xmltv_ns') {
      const [season, episode] = text.split('.').map((part) => Number.parseInt(part.split('/')[0] ?? '', 10));
      return {
        seasonNumber: count(Number.isInteger(season) ? (season as number) + 1 : undefined),
        episodeNumber: count(Number.isInteger(episode) ? (episode as number) + 1 : undefined),
      };
    }
    const onscreen = /S(\d+)\s*E(\d+)/i.exec(text);
    if (onscreen)
      return { seasonNumber: count(Number(onscreen[1])), episodeNumber: count(Number(onscreen[2])) };
  }
  return {};
}

function ratingOf(value: unknown): string | undefined {
  for (const node of asNodes(value)) {
    const rating = firstText(node.value);
    if (rating && (PROGRAMME_AGE_RATINGS as readonly string[]).includes(rating)) return rating;
  }
  return undefined;
}

/** The first text of an entry that no store can hold, named by its XMLTV element. */
function textProblemOf(entry: TXmltvEntry): string | undefined {
  const texts: [string, string | null | undefined][] = [
    ['channel', entry.xmltvChannel],
    ['start', entry.startText],
    ['stop', entry.stopText],
    ['<title>', entry.title],
    ['<desc>', entry.description],
    ['<category>', entry.category],
    ['<sub-title>', entry.episodeTitle],
  ];
  for (const [name, text] of texts) {
    // Line breaks are normal inside XML text; controls and lone surrogates are not storable.
    const problem = text ? textProblem(text, { multiline: true }) : null;
    if (problem) return `${name} ${problem}.`;
  }
  return undefined;
}

/**
 * Reads an XMLTV document; a malformed file gives the parser's message with line and column. Nothing the
 * file points to is ever fetched: an external entity (or any other DOCTYPE the parser refuses) is a parse error.
 */
export function parseXmltv(xml: string): TXmltvParse {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { ok: false, error: `Line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` };
  }
  let doc: TNode;
  try {
    doc = parser.parse(xml) as TNode;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `The file could not be read as XMLTV: ${reason}.` };
  }
  const tv = doc.tv;
  if (typeof tv !== 'object' || tv === null) {
    return { ok: false, error: 'The file has no <tv> root element, so it is not XMLTV.' };
  }
  const entries = asNodes((tv as TNode).programme).map((node, i): TXmltvEntry => {
    const startText = attr(node, 'start') ?? '';
    const stopText = attr(node, 'stop') ?? null;
    const start = parseXmltvTime(startText);
    const stop = stopText === null ? null : parseXmltvTime(stopText);
    const timeProblem = !start.ok
      ? `Start ${start.reason}`
      : stop && !stop.ok
        ? `Stop ${stop.reason}`
        : undefined;
    const entry: TXmltvEntry = {
      index: i + 1,
      xmltvChannel: attr(node, 'channel') ?? '',
      startText,
      stopText,
      start: start.ok ? start.instant : null,
      stop: stop?.ok ? stop.instant : null,
      ...(timeProblem ? { timeProblem } : {}),
      title: firstText(node.title) ?? null,
      description: firstText(node.desc),
      category: firstText(node.category),
      episodeTitle: firstText(node['sub-title']),
      ...episodeOf(node['episode-num']),
      ageRating: ratingOf(node.rating),
    };
    const problem = textProblemOf(entry);
    return problem ? { ...entry, textProblem: problem } : entry;
  });
  return { ok: true, entries };
}
