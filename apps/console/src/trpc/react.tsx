'use client';

import type { AppRouter } from '@keten/api/router';
import { TRPC_MAX_BATCH_SIZE } from '@keten/contracts';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { signOut } from 'next-auth/react';
import { type ReactNode, useState } from 'react';
import superjson from 'superjson';
import { errorCodeOf } from './errors';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** A session the API no longer accepts (expired, operator disabled): drop the cookie and sign in again. */
function signOutWhenUnauthorized(error: unknown): void {
  if (errorCodeOf(error) !== 'UNAUTHORIZED') return;
  void signOut({ redirect: false }).finally(() => {
    window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
  });
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signOutWhenUnauthorized }),
    mutationCache: new MutationCache({ onError: signOutWhenUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Retrying cannot fix a refused or malformed request; it can fix a flaky network.
        retry: (failures, error) => errorCodeOf(error) === undefined && failures < 2,
      },
    },
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          // The QoE pages ask ~20 reads at once and the api runs them one after another on embedded chDB: streamed,
          // each answer lands as it is ready (the tiles first) instead of all with the slowest.
          condition: (op) => op.type === 'query' && op.path.startsWith('qoe.'),
          true: httpBatchStreamLink({ url: '/trpc', transformer: superjson, maxItems: TRPC_MAX_BATCH_SIZE }),
          false: httpBatchLink({ url: '/trpc', transformer: superjson, maxItems: TRPC_MAX_BATCH_SIZE }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
