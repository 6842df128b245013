import type { z } from 'zod';

/** Thrown when the environment does not satisfy an app's schema; names every bad variable. */
export class EnvError extends Error {
  constructor(readonly problems: { name: string; reason: string }[]) {
    super(
      `Invalid environment:\n${problems.map((p) => `  ${p.name}: ${p.reason}`).join('\n')}\nSee .env.example for what each variable means.`,
    );
    this.name = 'EnvError';
  }
}

/** Parse `source` (normally process.env) with `schema`; throws EnvError naming each missing or malformed variable. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      name: issue.path.map(String).join('.') || '(root)',
      reason: source[String(issue.path[0])] === undefined ? 'is missing' : issue.message,
    })),
  );
}
