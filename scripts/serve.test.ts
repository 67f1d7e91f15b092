import { describe, expect, it } from 'vitest';
import { routePattern } from './serve';

describe('routePattern', () => {
  it('drops the query string, where reset tokens travel', () => {
    expect(routePattern('/reset-password?token=abc123secret')).toBe('/reset-password');
  });
  it('replaces ids and long random segments', () => {
    expect(routePattern('/admin/reports/123')).toBe('/admin/reports/:id');
    expect(routePattern('/x/5f0c8a9e-1b2c-4d3e-8f9a-0b1c2d3e4f5a/y')).toBe('/x/:id/y');
    expect(routePattern('/t/AbCdEfGhIjKlMnOpQrStUvWxYz012345')).toBe('/t/:id');
  });
  it('keeps ordinary route names', () => {
    expect(routePattern('/account/profile')).toBe('/account/profile');
    expect(routePattern('/_next/static/chunks/app.js')).toBe('/_next/static/chunks/app.js');
  });
});
