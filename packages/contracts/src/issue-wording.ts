import { z } from 'zod';

/**
 * One human wording for refused input, on the server and in every console form: zod's built-in checks say what
 * is allowed ("at most 80 characters", "enter a number", "at least 0.5") instead of "Too big: expected string to
 * have <=80 characters". Installed as zod's global error map when this package loads, so schemas need no
 * per-field messages; a schema's own message ("must be after the start") still wins. A form puts its field's
 * label in front: "Name: at most 80 characters" (`labelledMessage`).
 */

type TIssue = z.core.$ZodRawIssue;

const plural = (n: number | bigint, one: string, many = `${one}s`) => `${n} ${Number(n) === 1 ? one : many}`;

function limit(value: number | bigint | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

const TYPE_WORDS: Record<string, string> = {
  number: 'enter a number',
  int: 'enter a whole number',
  bigint: 'enter a whole number',
  string: 'enter text',
  boolean: 'choose yes or no',
  date: 'enter a date',
  array: 'must be a list',
  object: 'must be a set of fields',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'enter an email address',
  url: 'enter a URL',
  uuid: 'must be an id',
  cuid: 'must be an id',
  cuid2: 'must be an id',
  datetime: 'enter a date and time',
  date: 'enter a date',
  time: 'enter a time',
  ipv4: 'enter an IPv4 address',
  ipv6: 'enter an IPv6 address',
  mac: 'enter a MAC address like 00:1a:2b:3c:4d:5e',
};

function tooBig(issue: Extract<TIssue, { code: 'too_big' }>): string {
  const max = limit(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return `at most ${plural(issue.maximum as number, 'character')}`;
    case 'array':
    case 'set':
      return `at most ${plural(issue.maximum as number, 'item')}`;
    case 'date':
      return `on or before ${max}`;
    default:
      return issue.inclusive === false ? `less than ${max}` : `at most ${max}`;
  }
}

function tooSmall(issue: Extract<TIssue, { code: 'too_small' }>): string {
  const min = limit(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return Number(issue.minimum) <= 1
        ? 'required'
        : `at least ${plural(issue.minimum as number, 'character')}`;
    case 'array':
    case 'set':
      return Number(issue.minimum) <= 1
        ? 'choose at least one'
        : `at least ${plural(issue.minimum as number, 'item')}`;
    case 'date':
      return `on or after ${min}`;
    default:
      return issue.inclusive === false ? `more than ${min}` : `at least ${min}`;
  }
}

/** What is allowed, as a predicate to follow a field's label; undefined leaves zod's own words (custom checks). */
export function issueWording(issue: TIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'required';
      return TYPE_WORDS[issue.expected] ?? `must be ${issue.expected}`;
    case 'too_big':
      return tooBig(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_format':
      if (issue.format === 'starts_with' && 'prefix' in issue)
        return `must start with ${String(issue.prefix)}`;
      if (issue.format === 'ends_with' && 'suffix' in issue) return `must end with ${String(issue.suffix)}`;
      if (issue.format === 'includes' && 'includes' in issue) return `must contain ${String(issue.includes)}`;
      return FORMAT_WORDS[issue.format] ?? 'is not in the expected format';
    case 'not_multiple_of':
      return `must be a multiple of ${limit(issue.divisor)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : issue.values.length <= 8
          ? `choose one of ${issue.values.map(String).join(', ')}`
          : 'choose one of the listed values';
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'unknown field' : 'unknown fields'} ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not a valid value';
    default:
      return undefined;
  }
}

z.config({ customError: issueWording });

const ACRONYMS = new Set([
  'url',
  'id',
  'lcn',
  'mac',
  'ip',
  'epg',
  'hls',
  'dash',
  'fps',
  'gop',
  'drm',
  'xmltv',
  'udp',
  'srt',
]);
const UNITS = /(Kbps|Ms)$/;
// Short wire names whose meaning the console's controls spell out.
const ALIASES: Record<string, string> = { q: 'search' };

/** A field's name as a label when the form gives none: "sources.1.url" → "Sources 2 URL", "bitrateKbps" → "Bitrate". */
export function humanizeField(path: string | readonly PropertyKey[]): string {
  const parts = typeof path === 'string' ? path.split('.') : path.map(String);
  const words = parts.flatMap((part) =>
    /^\d+$/.test(part)
      ? [String(Number(part) + 1)]
      : (ALIASES[part] ?? part)
          .replace(UNITS, '')
          .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
          .split(/[\s_-]+/)
          .filter(Boolean)
          .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase())),
  );
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "Name: at most 80 characters": the field's label (without a trailing unit or zone in brackets, "Bitrate
 * (kbit/s)" reads "Bitrate") and the predicate, lower-cased where a form capitalised it ("Must be …").
 */
export function labelledMessage(label: string, message: string): string {
  const name = label.replace(/\s*\([^)]*\)\s*$/, '').trim();
  // A whole sentence ("LCN 1 is already used by NPO 1.") is a domain error already worded for people.
  if (/^[A-Z].*[.!?]$/s.test(message.trim())) return message.trim();
  const text = message.trim();
  if (!name || text.toLowerCase().startsWith(`${name.toLowerCase()}:`)) return text;
  // A message that already starts with the field's name ("Start must be …") says it once: "Start: must be …"
  // ("LCN 1 is used" names a value, not the field).
  const rest = text.slice(name.length + 1);
  if (text.toLowerCase().startsWith(`${name.toLowerCase()} `) && /^[a-z]/.test(rest))
    return `${name}: ${rest}`;
  // "Must be …" → "must be …", but "URL …" and "LCN 1 …" keep their capitals.
  const predicate = /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
  return `${name}: ${predicate}`;
}
