import type { NextConfig } from 'next';

// The build needs no secrets and no addresses (see src/env.ts, src/proxy.ts). KETEN_NEXT_DIST_DIR only
// lets parallel test runs keep separate build folders; build and start must agree on it.
const config: NextConfig = {
  distDir: process.env.KETEN_NEXT_DIST_DIR ?? '.next',
  transpilePackages: ['@keten/ui', '@keten/contracts'],
  poweredByHeader: false,
};

export default config;
