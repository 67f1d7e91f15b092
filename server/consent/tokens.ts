import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isOptionalTopic, type OptionalTopic } from '@/lib/consent';
import { env } from '../env';

/**
 * Unsubscribe tokens: `<user id>.<topic>.<HMAC>`, signed with the server
 * secret. They carry no expiry on purpose (an unsubscribe link must work for
 * as long as the email exists) and can only ever withdraw consent, so a leaked
 * one can do no more than its own unsubscribe. Changing the user or the topic
 * breaks the signature.
 */
const mac = (userId: string, topic: string) => createHmac('sha256', env().AUTH_SECRET).update(`unsubscribe:v1:${userId}:${topic}`).digest('base64url');

export function unsubscribeToken(userId: string, topic: OptionalTopic): string {
  return `${userId}.${topic}.${mac(userId, topic)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The user and topic a token was signed for, or null if it is malformed, truncated or forged. */
export function readUnsubscribeToken(token: string | null | undefined): { userId: string; topic: OptionalTopic } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [userId, topic, signature, ...rest] = token.split('.');
  if (rest.length || !userId || !topic || !signature || !UUID.test(userId) || !isOptionalTopic(topic)) return null;
  const expected = Buffer.from(mac(userId, topic));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { userId, topic } : null;
}
