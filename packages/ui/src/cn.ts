/** Join class names, skipping falsy parts, so conditional Tailwind classes stay readable. */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}
