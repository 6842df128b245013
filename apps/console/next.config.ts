import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './src/security-headers';

// The build needs no secrets and no addresses (see src/env.ts, src/proxy.ts). KETEN_NEXT_DIST_DIR only
// lets parallel test runs keep separate build folders; build and start must agree on it.
const config: NextConfig = {
  distDir: process.env.KETEN_NEXT_DIST_DIR ?? '.next',
  transpilePackages: ['@keten/ui', '@keten/contracts', '@keten/flags'],
  poweredByHeader: false,
  // Build assets skip proxy.ts (which sets these and the CSP on everything else).
  headers: async () =>
    ['/_next/static/:path*', '/_next/image', '/icon.svg', '/favicon.ico'].map((source) => ({
      source,
      headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
    })),
};

export default config;
