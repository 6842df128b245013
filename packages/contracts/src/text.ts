import { z } from 'zod';

// C0 controls but tab, LF and CR; DEL; C1 controls. NUL is what PostgreSQL refuses outright.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
// Line breaks are refused too in single-line text (names, codes, search strings).
const LINE_BREAK = /[\r\n]/u;
// With the u flag a well-formed pair is one code point, so this matches only a lone surrogate.
const LONE_SURROGATE = /\p{Cs}/u;

export const TEXT_MESSAGES = {
  surrogate: 'must be valid Unicode text (it holds a lone UTF-16 surrogate)',
  control: 'must not contain control characters',
  lineBreak: 'must be a single line',
} as const;

/**
 * Why a string cannot be stored as text (PostgreSQL, ClickHouse, XML), or null when it can:
 * well-formed Unicode and no control characters; `multiline` also allows LF and CR (tab always is).
 */
export function textProblem(value: string, options: { multiline?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(value)) return TEXT_MESSAGES.surrogate;
  if (CONTROL.test(value)) return TEXT_MESSAGES.control;
  if (!options.multiline && LINE_BREAK.test(value)) return TEXT_MESSAGES.lineBreak;
  return null;
}

/**
 * The one string refinement for input that reaches a store: every tRPC and /v1 string goes through it
 * (bounds with .min()/.max() as usual; zText(64).min(1)). Refused input names the field and the reason.
 */
export function zText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, options);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
