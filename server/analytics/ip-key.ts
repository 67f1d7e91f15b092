import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';

// A fresh random salt per process, never written anywhere and gone when the process ends.
const salt = randomBytes(32);

/**
 * The in-memory key for a client address: a salted hash, so the caches below
 * hold no IP address, and their keys cannot be matched against a list of
 * addresses without this process's salt.
 */
export function ipKey(ip: string): string {
  return createHmac('sha256', salt).update(ip).digest('base64url').slice(0, 22);
}
