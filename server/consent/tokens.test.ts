import { describe, expect, it } from 'vitest';
import { readUnsubscribeToken, unsubscribeToken } from './tokens';

const alice = '6f1c2a7e-3b1d-4c2e-9a0b-1c2d3e4f5a6b';
const bob = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('unsubscribe tokens', () => {
  it('round-trips the user and topic they were signed for', () => {
    expect(readUnsubscribeToken(unsubscribeToken(alice, 'offers'))).toEqual({ userId: alice, topic: 'offers' });
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, -1)],
    ['re-targeted to another user', (t: string) => t.replace(alice, bob)],
    ['re-targeted to another topic', (t: string) => t.replace('.offers.', '.newsletter.')],
    ['a mandatory topic', (t: string) => t.replace('.offers.', '.security.')],
    ['with a forged signature', (t: string) => `${t.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`],
    ['with an extra part', (t: string) => `${t}.x`],
    ['empty', () => ''],
  ])('refuses a token %s', (_, mutate) => {
    expect(readUnsubscribeToken(mutate(unsubscribeToken(alice, 'offers')))).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(readUnsubscribeToken(null)).toBeNull();
    expect(readUnsubscribeToken(undefined)).toBeNull();
  });
});
