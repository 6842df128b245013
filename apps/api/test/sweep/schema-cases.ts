import { randomUUID } from 'node:crypto';

/** The subset of JSON Schema that zod's toJSONSchema writes (plus `x-date` for a Date input). */
export interface TSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: TSchema[];
  oneOf?: TSchema[];
  allOf?: TSchema[];
  not?: TSchema;
  properties?: Record<string, TSchema>;
  required?: string[];
  additionalProperties?: boolean | TSchema;
  propertyNames?: TSchema;
  items?: TSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
  $ref?: string;
}

export type TPath = (string | number)[];

/** One request's input: a valid-looking baseline with one thing made hostile. */
export interface TCase {
  label: string;
  input: unknown;
  /** The field made hostile, dotted; '' for the input as a whole. */
  field: string;
}

export interface TCaseOptions {
  /** Resolves `$ref` (OpenAPI components). */
  resolve?: (ref: string) => TSchema;
  /** A value that reaches deeper than a made-up one (a real id, an account number), or undefined. */
  hint?: (path: TPath) => unknown;
  /** Only JSON can carry the value (REST): no NaN, Infinity or Date objects. */
  jsonOnly?: boolean;
}

// Only ever 127.0.0.1 (port 9, discard: nothing answers): a generated URL must not send traffic anywhere else.
export const SWEEP_URL = 'http://127.0.0.1:9/sweep/index.m3u8';

const HUGE = 'x'.repeat(100_000);
export const HOSTILE_STRINGS: Record<string, string> = {
  nul: 'a\u0000b',
  'lone surrogate': 'a\uD800b',
  'C1 control': 'a\u0085b',
  huge: HUGE,
  blank: '   ',
  // SQL, LIKE wildcards and path traversal in one: each is just text that must be stored or refused.
  injection: "../../etc/passwd' OR '1'='1'; DROP TABLE channels; -- %_\\",
  // XML with an external entity, and a CRLF header injection.
  markup: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>\r\nX-Injected: 1',
};
// For fields that hold a date or a time: out of range, or not on the calendar.
const HOSTILE_DATE_STRINGS: Record<string, string> = {
  'year 0': '0000-01-01 00:00',
  'year 9999': '9999-12-31 23:59',
  'month 13': '2026-13-45',
  'ISO year 9999': '9999-12-31T23:59:59Z',
};
const HOSTILE_NUMBERS: Record<string, number> = {
  fraction: 0.5,
  'int32 overflow': 2 ** 31,
  huge: 1e308,
  'huge negative': -1e308,
};
const NON_JSON_NUMBERS: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY };
const HOSTILE_DATES: Record<string, Date> = {
  'earliest Date': new Date(-8.64e15),
  'latest Date': new Date(8.64e15),
  'invalid Date': new Date(Number.NaN),
  'year 0 Date': new Date('0000-01-01T00:00:00Z'),
  'year 9999 Date': new Date('9999-12-31T00:00:00Z'),
};

// Strings tried, in order, for a field with a pattern and no better hint.
const PATTERN_SAMPLES = [
  'ABCD-EF23',
  'a4:2b:8c:01:02:03',
  'SWEEP-1',
  'sweep-1',
  'nl',
  '2030-06-01',
  'ACC-1234',
];
const FORMAT_SAMPLES: Record<string, () => string> = {
  email: () => 'sweep@test.keten',
  uri: () => SWEEP_URL,
  url: () => SWEEP_URL,
  'date-time': () => new Date().toISOString(),
  date: () => '2030-06-01',
  uuid: () => randomUUID(),
};
const FORMAT_CHECKS: Record<string, (value: string) => boolean> = {
  email: (value) => /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value),
  uri: (value) => /^https?:\/\//.test(value),
  'date-time': (value) => value.includes('T') && !Number.isNaN(Date.parse(value)),
  uuid: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value),
};

function fits(schema: TSchema, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return false;
  const check = schema.format ? FORMAT_CHECKS[schema.format] : undefined;
  return !check || check(value);
}

const typesOf = (schema: TSchema) =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
const isDate = (schema: TSchema) => schema.format === 'x-date';
const branchesOf = (schema: TSchema) => schema.anyOf ?? schema.oneOf;

/** The branch of a union a baseline takes: the first that is not just null. */
function firstBranch(branches: TSchema[], resolve: (schema: TSchema) => TSchema): TSchema {
  return resolve(
    branches.find((branch) => !typesOf(resolve(branch)).includes('null')) ?? (branches[0] as TSchema),
  );
}

export function createCases(options: TCaseOptions = {}) {
  const resolveRef = (schema: TSchema): TSchema =>
    schema.$ref && options.resolve ? resolveRef(options.resolve(schema.$ref)) : schema;
  const hint = (path: TPath) => options.hint?.(path);

  /** A value the schema should accept, as far as a schema can say (refinements are its own business). */
  function baseline(raw: TSchema, path: TPath = []): unknown {
    const schema = resolveRef(raw);
    const hinted = hint(path);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return hinted !== undefined && schema.enum.includes(hinted) ? hinted : schema.enum[0];
    const branches = branchesOf(schema);
    if (branches) return baseline(firstBranch(branches, resolveRef), path);
    if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => baseline(part, path)));
    if (isDate(schema)) {
      if (hinted instanceof Date) return hinted;
      return new Date(
        typeof hinted === 'string' && !Number.isNaN(Date.parse(hinted)) ? hinted : '2030-06-01T10:00:00Z',
      );
    }
    const [type] = typesOf(schema);
    switch (type) {
      case 'string': {
        const format = schema.format ? FORMAT_SAMPLES[schema.format]?.() : undefined;
        const candidates = [
          hinted,
          format,
          ...PATTERN_SAMPLES,
          'x'.repeat(Math.max(1, schema.minLength ?? 1)),
        ];
        return candidates.find((candidate) => fits(schema, candidate)) ?? 'x';
      }
      case 'integer':
      case 'number':
        if (typeof hinted === 'number') return hinted;
        return schema.minimum !== undefined && schema.minimum > 1
          ? schema.minimum
          : Math.min(1, schema.maximum ?? 1);
      case 'boolean':
        return typeof hinted === 'boolean' ? hinted : false;
      case 'null':
        return null;
      case 'array': {
        if (Array.isArray(hinted)) return hinted;
        const count = Math.max(1, schema.minItems ?? 0);
        return Array.from({ length: count }, (_, i) => baseline(schema.items ?? {}, [...path, i]));
      }
      case 'object': {
        if (hinted !== undefined) return hinted;
        const entries = Object.entries(schema.properties ?? {})
          // A property the schema forbids (`not: {}`, zod's never()): a valid input leaves it out.
          .filter(([, property]) => !(property.not && Object.keys(property.not).length === 0))
          .map(([key, property]) => [key, baseline(property, [...path, key])]);
        return Object.fromEntries(entries);
      }
      default:
        return hinted ?? 'x';
    }
  }

  /** Hostile variants of one field's value, by what the field is. */
  function hostileValues(schema: TSchema, value: unknown, key: string): [string, unknown][] {
    const cases: [string, unknown][] = [['null', null]];
    const addNumbers = () => {
      cases.push(['a string', 'abc'], ...Object.entries(HOSTILE_NUMBERS));
      if (!options.jsonOnly) cases.push(...Object.entries(NON_JSON_NUMBERS));
    };
    if (isDate(schema)) {
      cases.push(['an ISO string', '2030-06-01T10:00:00Z'], ['a number', 1]);
      if (!options.jsonOnly) cases.push(...Object.entries(HOSTILE_DATES));
      return cases;
    }
    const [type] = typesOf(schema);
    if (schema.enum || schema.const !== undefined) {
      cases.push(['not a listed value', 'NOT_A_VALUE'], ['a number', 1], ['nul', 'A\u0000']);
      return cases;
    }
    if (type === 'string') {
      cases.push(['a number', 12]);
      const url = schema.format === 'uri' || /url/i.test(key);
      for (const [name, hostile] of Object.entries(HOSTILE_STRINGS)) {
        // URL fields get the hostile text on 127.0.0.1 too, so it passes the URL check and goes deeper.
        cases.push([name, hostile]);
        if (url && hostile) cases.push([`${name} in a 127.0.0.1 URL`, `http://127.0.0.1:9/${hostile}`]);
      }
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value))
        cases.push(...Object.entries(HOSTILE_DATE_STRINGS));
    } else if (type === 'integer' || type === 'number') addNumbers();
    else if (type === 'boolean') cases.push(['a string', 'true'], ['a number', 1]);
    else if (type === 'array') cases.push(['a string', 'x'], ['an object', { 0: 'x' }]);
    else if (type === 'object') cases.push(['a string', 'x'], ['an array', []]);
    return cases;
  }

  const dotted = (path: TPath) => path.join('.');
  const withValue = (root: unknown, path: TPath, value: unknown, remove = false): unknown => {
    if (path.length === 0) return value;
    const [head, ...rest] = path as [string | number, ...TPath];
    const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
      string | number,
      unknown
    >;
    if (rest.length === 0 && remove) delete copy[head];
    else copy[head] = withValue(copy[head], rest, value, remove);
    return copy;
  };

  /** Every hostile case for an input: the whole input wrong, then each field missing, mistyped and hostile. */
  function cases(raw: TSchema): { baseline: unknown; cases: TCase[] } {
    const root = baseline(raw);
    const out: TCase[] = [
      { label: 'baseline', input: root, field: '' },
      { label: 'no input', input: undefined, field: '' },
      { label: 'input is a string', input: 'x', field: '' },
      {
        label: 'input nested 1000 deep',
        input: JSON.parse(`${'['.repeat(1000)}${']'.repeat(1000)}`),
        field: '',
      },
      {
        label: 'unknown keys, one a NUL',
        input:
          typeof root === 'object' && root !== null && !Array.isArray(root)
            ? { ...root, extra: 'x', 'extra\u0000key': 'x' }
            : root,
        field: '',
      },
    ];
    // `base` is the whole input this field sits in: a union's other branches get their own base.
    const walk = (node: TSchema, value: unknown, path: TPath, required: boolean, base: unknown) => {
      const schema = resolveRef(node);
      const branches = branchesOf(schema);
      if (branches) {
        const real = branches.map(resolveRef).filter((branch) => !typesOf(branch).includes('null'));
        real.forEach((branch, i) => {
          const branchValue = i === 0 ? value : baseline(branch, path);
          const branchBase = i === 0 ? base : withValue(base, path, branchValue);
          if (i > 0)
            out.push({
              label: `${dotted(path) || 'input'}: union branch ${i + 1}`,
              input: branchBase,
              field: dotted(path),
            });
          walk(branch, branchValue, path, required, branchBase);
        });
        return;
      }
      const key = String(path.at(-1) ?? '');
      if (path.length > 0) {
        if (required)
          out.push({
            label: `${dotted(path)} missing`,
            input: withValue(base, path, undefined, true),
            field: dotted(path),
          });
        for (const [label, hostile] of hostileValues(schema, value, key)) {
          out.push({
            label: `${dotted(path)}: ${label}`,
            input: withValue(base, path, hostile),
            field: dotted(path),
          });
        }
      }
      const [type] = typesOf(schema);
      if (type === 'object' && typeof value === 'object' && value !== null) {
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          if (name in value) {
            const required = schema.required?.includes(name) ?? false;
            walk(property, (value as Record<string, unknown>)[name], [...path, name], required, base);
          }
        }
        // A record (free keys): hostile keys too.
        if (schema.propertyNames || typeof schema.additionalProperties === 'object') {
          for (const [label, hostileKey] of [
            ['NUL key', 'k\u0000'],
            ['lone surrogate key', '\uD800'],
            ['huge key', HUGE],
          ] as const) {
            out.push({
              label: `${dotted(path) || 'input'}: ${label}`,
              input: withValue(base, path, { ...value, [hostileKey]: 'x' }),
              field: dotted(path),
            });
          }
        }
      }
      if (type === 'array' && Array.isArray(value)) {
        const item = schema.items ?? {};
        out.push({
          label: `${dotted(path)}: 10,001 items`,
          input: withValue(
            base,
            path,
            Array.from({ length: 10_001 }, () => value[0] ?? baseline(item, [...path, 0])),
          ),
          field: dotted(path),
        });
        if (value.length > 0) walk(item, value[0], [...path, 0], true, base);
      }
    };
    walk(raw, root, [], true, root);
    return { baseline: root, cases: out };
  }

  return { baseline, cases };
}
