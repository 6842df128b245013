'use client';

import { ErrorState } from '@keten/ui';

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'An unexpected error occurred.';
  const digest = 'digest' in error && typeof error.digest === 'string' ? error.digest : undefined;
  // Server errors arrive with a generic message; the digest finds them in the console's server log.
  return digest ? `The server logged the details under ${digest}.` : error.message;
}

/** Anything a console page throws while rendering lands here, inside the shell, with a retry. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorState title="This page failed to load" message={describe(error)} onRetry={retry} />;
}
