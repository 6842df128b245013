import { TEXT_MESSAGES, textProblem } from '@keten/contracts';

export interface TUnstorableString {
  /** Where the string sits in the input, e.g. ['sources', 1, 'url']; a key's own path for a bad key. */
  path: (string | number)[];
  message: string;
}

// PostgreSQL refuses these two outright ("invalid byte sequence"); everything else is the schemas' business.
function problemOf(value: string): string | null {
  if (value.includes('\u0000')) return TEXT_MESSAGES.control;
  return textProblem(value, { multiline: true }) === TEXT_MESSAGES.surrogate ? TEXT_MESSAGES.surrogate : null;
}

/**
 * The first string (value or object key) in raw input that no store can hold: a NUL or a lone UTF-16
 * surrogate. The transports refuse such input before any procedure or route sees it, so a schema that
 * forgot zText still cannot reach PostgreSQL with it. Iterative, so deeply nested input cannot blow the stack.
 */
export function findUnstorableString(input: unknown): TUnstorableString | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value === 'string') {
      const message = problemOf(value);
      if (message) return { path, message };
    } else if (Array.isArray(value) || value instanceof Set) {
      [...value].forEach((item, i) => {
        stack.push({ value: item, path: [...path, i] });
      });
    } else if (value instanceof Map) {
      for (const [key, item] of value)
        stack.push({ value: key, path }, { value: item, path: [...path, String(key)] });
    } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) {
        const message = problemOf(key);
        if (message) return { path: [...path, key], message };
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}
