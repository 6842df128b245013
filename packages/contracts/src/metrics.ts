import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Who may scrape `/metrics` (apps/api and apps/worker alike; README "Metrics"). With METRICS_TOKEN set, a
 * Prometheus that sends `Authorization: Bearer <token>`, from anywhere. Without it, only a scraper on this machine:
 * a loopback peer whose request no proxy forwarded (a reverse proxy on the same host would otherwise pass the
 * world's requests in from 127.0.0.1).
 */
export const ZMetricsTokenSchema = z
  .string()
  .min(32, 'must be at least 32 characters (openssl rand -base64 32)')
  .optional();

export type TMetricsAccess = 'ok' | 'token required' | 'wrong token';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const FORWARDED_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

export function metricsAccess(request: {
  remoteAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  token: string | undefined;
}): TMetricsAccess {
  const { token, headers } = request;
  if (token) {
    const given = /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong token';
  }
  const local = LOOPBACK.test(request.remoteAddress ?? '');
  const forwarded = FORWARDED_HEADERS.some((name) => headers[name] !== undefined);
  return local && !forwarded ? 'ok' : 'token required';
}

/** The text a refused scraper reads: what to do, without saying anything about the metrics. */
export const METRICS_REFUSALS: Record<Exclude<TMetricsAccess, 'ok'>, string> = {
  'token required':
    'Metrics are served to this machine only; from elsewhere set METRICS_TOKEN and send it as a bearer token.',
  'wrong token': 'Send METRICS_TOKEN as "Authorization: Bearer <token>".',
};

/** One sample of a scrape: `name{labels} value`. */
export interface TPromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface TPromFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: TPromSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(?:,|$)/;
const SUFFIXES: Record<TPromFamily['type'], string[]> = {
  counter: ['_total', ''],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
  untyped: [''],
};

function parseValue(text: string, line: string): number {
  // As Go's strconv.ParseFloat, which Prometheus uses: NaN and Inf in any case (prom-client writes "Nan").
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) {
    if (special[2]?.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const value = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || Number.isNaN(value))
    throw new Error(`not a sample value: ${line}`);
  return value;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = LABEL.exec(rest);
    if (!match?.[1]) throw new Error(`malformed labels: ${line}`);
    labels[match[1]] = (match[2] ?? '').replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(match[0].length);
  }
  return labels;
}

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): HELP/TYPE before a family's samples, every
 * sample belongs to a declared family with a suffix its type allows, labels quoted and escaped, values numbers;
 * histograms' buckets cumulative with a `+Inf` bucket equal to `_count`. Throws naming the offending line.
 * For tests and tools reading a scrape (the apps' /metrics tests use it).
 */
export function parsePrometheusText(text: string): Map<string, TPromFamily> {
  const families = new Map<string, TPromFamily>();
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  let current: TPromFamily | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`bad metric name: ${line}`);
      const family = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!(rest in SUFFIXES)) throw new Error(`unknown type: ${line}`);
        if (family.samples.length > 0) throw new Error(`TYPE after samples: ${line}`);
        family.type = rest as TPromFamily['type'];
      } else family.help = rest;
      families.set(name, family);
      current = family;
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match?.[1] || match[3] === undefined) throw new Error(`not a sample line: ${line}`);
    const name = match[1];
    const family =
      current && SUFFIXES[current.type].some((suffix) => name === current?.name + suffix) ? current : null;
    if (!family) throw new Error(`sample outside its family: ${line}`);
    family.samples.push({
      name,
      labels: parseLabels(match[2] ?? '', line),
      value: parseValue(match[3], line),
    });
  }
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function checkHistogram(family: TPromFamily) {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, le), sample.value]);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
    series.set(key, entry);
  }
  for (const [key, { buckets, count }] of series) {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([, value], index) => {
      if (index > 0 && value < (sorted[index - 1]?.[1] ?? 0))
        throw new Error(`${family.name} ${key}: buckets not cumulative`);
    });
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Number.POSITIVE_INFINITY || inf[1] !== count)
      throw new Error(`${family.name} ${key}: the +Inf bucket must equal _count`);
  }
}

/** The value of one series in a parsed scrape (0 when absent), matching the given labels. */
export function promValue(
  families: Map<string, TPromFamily>,
  sample: string,
  labels: Record<string, string> = {},
) {
  for (const family of families.values()) {
    for (const s of family.samples) {
      if (s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return 0;
}
