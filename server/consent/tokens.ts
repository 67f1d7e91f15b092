import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { isOptionalTopic, type OptionalTopic } from '@/lib/consent';
import { clock } from '../clock';
import { env } from '../env';

/**
 * Unsubscribe tokens: `<user id>.<topic>.<HMAC>`. They carry no expiry on
 * purpose (an unsubscribe link must work for as long as the email exists) and
 * can only ever withdraw consent, so a leaked one can do no more than its own
 * unsubscribe. Changing the user or the topic breaks the signature.
 *
 * The HMAC key is derived from AUTH_SECRET for this purpose alone (HKDF,
 * RFC 5869), so the secret Auth.js encrypts session cookies with is never
 * itself a key here (docs/decisions/021).
 */
const KEY_SALT = 'account-center';
const KEY_INFO = 'unsubscribe-token hmac-sha256 v2';

/**
 * Links in mail sent before the derived key were signed with AUTH_SECRET
 * itself. They keep working until this instant (about a year after the
 * change), then only links signed with the derived key do; remove the
 * fallback after it.
 */
export const LEGACY_KEY_ACCEPTED_UNTIL = new Date('2027-12-31T23:59:59Z');

let derived: { secret: string; key: Buffer } | undefined;
function tokenKey(): Buffer {
  const secret = env().AUTH_SECRET;
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync('sha256', secret, KEY_SALT, KEY_INFO, 32)) };
  return derived.key;
}

const mac = (key: Buffer | string, userId: string, topic: string) => createHmac('sha256', key).update(`unsubscribe:v1:${userId}:${topic}`).digest('base64url');

export function unsubscribeToken(userId: string, topic: OptionalTopic): string {
  return `${userId}.${topic}.${mac(tokenKey(), userId, topic)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sameSignature = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The user and topic a token was signed for, or null if it is malformed, truncated or forged. */
export function readUnsubscribeToken(token: string | null | undefined, now: Date = clock.now()): { userId: string; topic: OptionalTopic } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [userId, topic, signature, ...rest] = token.split('.');
  if (rest.length || !userId || !topic || !signature || !UUID.test(userId) || !isOptionalTopic(topic)) return null;
  if (sameSignature(signature, mac(tokenKey(), userId, topic))) return { userId, topic };
  if (now <= LEGACY_KEY_ACCEPTED_UNTIL && sameSignature(signature, mac(env().AUTH_SECRET, userId, topic))) return { userId, topic };
  return null;
}
