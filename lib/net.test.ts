import { describe, expect, it } from 'vitest';
import { resolveClientIp } from './net';

describe('resolveClientIp', () => {
  it('uses the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(resolveClientIp('::ffff:127.0.0.1', '203.0.113.9', 0)).toBe('127.0.0.1');
  });
  it('takes the address the trusted proxy saw, not what the client prepended', () => {
    expect(resolveClientIp('10.0.0.2', '1.2.3.4, 203.0.113.9', 1)).toBe('203.0.113.9');
  });
  it('falls back to the socket for garbage', () => {
    expect(resolveClientIp('10.0.0.2', 'nonsense<script>', 1)).toBe('10.0.0.2');
  });
});
