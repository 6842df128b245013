/**
 * `%`, `_` and `\` typed into a search are literal characters, not wildcards: for hand-written LIKE/ILIKE
 * patterns and for Prisma's `contains`/`string_contains`, which put the text into a LIKE pattern as it is
 * (PostgreSQL's default escape character is `\`).
 */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
