import type { NextConfig } from 'next';
import { buildEnv } from './src/env';

const { API_INTERNAL_URL } = buildEnv();

const config: NextConfig = {
  transpilePackages: ['@keten/ui', '@keten/contracts'],
  poweredByHeader: false,
  // Same-origin tRPC keeps next-auth's session cookie first-party; apps/api reads it.
  async rewrites() {
    return [{ source: '/trpc/:path*', destination: `${API_INTERNAL_URL}/trpc/:path*` }];
  },
};

export default config;
