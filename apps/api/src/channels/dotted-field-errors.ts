import { TRPCError } from '@trpc/server';
import { ZodError, ZodRealError } from 'zod';

/**
 * The shared error formatter keys field errors by the first path segment only ("sources"); a source
 * list needs the exact field ("sources.1.url") to show the message next to it. Called on the result of
 * input parsing, this re-throws the issues keyed by their full dotted path (as ZodRealError: an Error, so
 * tRPC keeps it as the cause).
 */
export function rethrowWithDottedPaths(error: TRPCError): void {
  if (!(error.cause instanceof ZodError)) return;
  const issues = error.cause.issues.map((issue) => ({
    ...issue,
    path: issue.path.length ? [issue.path.join('.')] : [],
  }));
  throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: new ZodRealError(issues) });
}
