import { TEXT_MESSAGES } from '@keten/contracts';

export interface TUnstorableString {
  /** Where the string sits in the input, e.g. ['sources', 1, 'url']; a key's own path for a bad key. */
  path: (string | number)[];
  message: string;
}

// PostgreSQL refuses these two outright ("invalid byte sequence"); everything else is the schemas' business
// (zText). One pass: with the u flag a well-formed pair is one code point, so \p{Cs} is only a lone surrogate.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSTORABLE = /\u0000|\p{Cs}/u;
function problemOf(value: string): string | null {
  const found = UNSTORABLE.exec(value);
  if (!found) return null;
  return found[0] === '\u0000' ? TEXT_MESSAGES.control : TEXT_MESSAGES.surrogate;
}

// A path as a chain of links: copying the whole path at every level made deep input quadratic (minutes).
interface TLink {
  key: string | number;
  parent: TLink | null;
}
const pathOf = (link: TLink | null): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let at = link; at; at = at.parent) path.unshift(at.key);
  return path;
};

/**
 * The first string (value or object key) in raw input that no store can hold: a NUL or a lone UTF-16
 * surrogate. The transports refuse such input before any procedure or route sees it, so a schema that
 * forgot zText still cannot reach PostgreSQL with it. Iterative and linear, so deep input costs no stack.
 */
export function findUnstorableString(input: unknown): TUnstorableString | null {
  return containsUnstorable(input) ? locate(input) : null;
}

/** The fast pass every request takes: values only, no paths (nearly all input is clean). */
function containsUnstorable(input: unknown): boolean {
  const stack: unknown[] = [input];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value instanceof Set || value instanceof Map) {
      for (const item of value instanceof Map ? [...value.keys(), ...value.values()] : value)
        stack.push(item);
    } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (UNSTORABLE.test(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** The slow pass, only for input that holds something: the path of the first offending string. */
function locate(input: unknown): TUnstorableString | null {
  const stack: { value: unknown; link: TLink | null }[] = [{ value: input, link: null }];
  while (stack.length > 0) {
    const { value, link } = stack.pop() as { value: unknown; link: TLink | null };
    if (typeof value === 'string') {
      const message = problemOf(value);
      if (message) return { path: pathOf(link), message };
    } else if (Array.isArray(value) || value instanceof Set) {
      const items = [...value];
      // Pushed last-first, so the first offending item is the one reported.
      for (let i = items.length - 1; i >= 0; i--)
        stack.push({ value: items[i], link: { key: i, parent: link } });
    } else if (value instanceof Map) {
      for (const [key, item] of value) {
        stack.push({ value: item, link: { key: String(key), parent: link } }, { value: key, link });
      }
    } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      const entries = Object.entries(value);
      for (const [key] of entries) {
        const message = problemOf(key);
        if (message) return { path: pathOf({ key, parent: link }), message };
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i] as [string, unknown];
        stack.push({ value: item, link: { key, parent: link } });
      }
    }
  }
  return null;
}
