import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LEGACY_KEY_ACCEPTED_UNTIL, readUnsubscribeToken, unsubscribeToken } from './tokens';

const alice = '6f1c2a7e-3b1d-4c2e-9a0b-1c2d3e4f5a6b';
const bob = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const message = (userId: string, topic: string) => `unsubscribe:v1:${userId}:${topic}`;
/** A token as links sent before the derived key were signed: with AUTH_SECRET itself. */
const legacyToken = (userId: string, topic: string) => `${userId}.${topic}.${createHmac('sha256', process.env.AUTH_SECRET!).update(message(userId, topic)).digest('base64url')}`;
const DURING = new Date('2027-06-01T00:00:00Z');
const AFTER = new Date(LEGACY_KEY_ACCEPTED_UNTIL.getTime() + 1);

describe('unsubscribe tokens', () => {
  it('round-trips the user and topic they were signed for', () => {
    expect(readUnsubscribeToken(unsubscribeToken(alice, 'offers'))).toEqual({ userId: alice, topic: 'offers' });
    expect(readUnsubscribeToken(unsubscribeToken(alice, 'offers'), AFTER)).toEqual({ userId: alice, topic: 'offers' });
  });

  it('are signed with a key derived from AUTH_SECRET for this purpose (HKDF-SHA256), not with AUTH_SECRET itself', () => {
    const key = Buffer.from(hkdfSync('sha256', process.env.AUTH_SECRET!, 'account-center', 'unsubscribe-token hmac-sha256 v2', 32));
    const signature = unsubscribeToken(alice, 'offers').split('.')[2];
    // Pinned: changing the derivation would break every link already sent.
    expect(signature).toBe(createHmac('sha256', key).update(message(alice, 'offers')).digest('base64url'));
    expect(unsubscribeToken(alice, 'offers')).not.toBe(legacyToken(alice, 'offers'));
  });

  it('a link signed with the old key keeps working until the documented date, then is refused', () => {
    expect(LEGACY_KEY_ACCEPTED_UNTIL.toISOString()).toBe('2027-12-31T23:59:59.000Z');
    expect(readUnsubscribeToken(legacyToken(alice, 'newsletter'), DURING)).toEqual({ userId: alice, topic: 'newsletter' });
    expect(readUnsubscribeToken(legacyToken(alice, 'newsletter'), LEGACY_KEY_ACCEPTED_UNTIL)).toEqual({ userId: alice, topic: 'newsletter' });
    expect(readUnsubscribeToken(legacyToken(alice, 'newsletter'), AFTER)).toBeNull();
    // The old signature is bound to its user and topic like a new one.
    expect(readUnsubscribeToken(legacyToken(alice, 'newsletter').replace(alice, bob), DURING)).toBeNull();
  });

  it('refuses a token signed with any other key, during the transition too', () => {
    const forged = (key: string | Buffer) => `${alice}.offers.${createHmac('sha256', key).update(message(alice, 'offers')).digest('base64url')}`;
    expect(readUnsubscribeToken(forged('another-secret-0123456789abcdef0123456789'), DURING)).toBeNull();
    expect(readUnsubscribeToken(forged(Buffer.from(hkdfSync('sha256', 'another-secret-0123456789abcdef0123456789', 'account-center', 'unsubscribe-token hmac-sha256 v2', 32))), DURING)).toBeNull();
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
    expect(readUnsubscribeToken(mutate(unsubscribeToken(alice, 'offers')), DURING)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(readUnsubscribeToken(null)).toBeNull();
    expect(readUnsubscribeToken(undefined)).toBeNull();
  });
});
