import type { NextConfig } from 'next';

// No environment is read here: the build needs no secrets and no addresses (see src/env.ts, src/proxy.ts).
const config: NextConfig = {
  transpilePackages: ['@keten/ui', '@keten/contracts'],
  poweredByHeader: false,
};

export default config;
