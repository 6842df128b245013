import { PROGRAMME_AGE_RATINGS } from '@keten/contracts';
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
  title: string | null;
  description?: string;
  category?: string;
  episodeTitle?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  ageRating?: string;
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
});

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
        seasonNumber: Number.isInteger(season) ? (season as number) + 1 : undefined,
        episodeNumber: Number.isInteger(episode) ? (episode as number) + 1 : undefined,
      };
    }
    const onscreen = /S(\d+)\s*E(\d+)/i.exec(text);
    if (onscreen) return { seasonNumber: Number(onscreen[1]), episodeNumber: Number(onscreen[2]) };
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

/** Reads an XMLTV document; a malformed file gives the parser's message with line and column. */
export function parseXmltv(xml: string): TXmltvParse {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { ok: false, error: `Line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` };
  }
  const doc = parser.parse(xml) as TNode;
  const tv = doc.tv;
  if (typeof tv !== 'object' || tv === null) {
    return { ok: false, error: 'The file has no <tv> root element, so it is not XMLTV.' };
  }
  const entries = asNodes((tv as TNode).programme).map((node, i): TXmltvEntry => {
    const startText = attr(node, 'start') ?? '';
    const stopText = attr(node, 'stop') ?? null;
    return {
      index: i + 1,
      xmltvChannel: attr(node, 'channel') ?? '',
      startText,
      stopText,
      start: parseXmltvTime(startText),
      stop: stopText === null ? null : parseXmltvTime(stopText),
      title: firstText(node.title) ?? null,
      description: firstText(node.desc),
      category: firstText(node.category),
      episodeTitle: firstText(node['sub-title']),
      ...episodeOf(node['episode-num']),
      ageRating: ratingOf(node.rating),
    };
  });
  return { ok: true, entries };
}
