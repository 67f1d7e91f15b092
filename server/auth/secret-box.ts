import 'server-only';
import { openWith, sealWith, secretBoxKey } from '@/lib/secret-box';
import { env } from '../env';

/* The secret box of lib/secret-box.ts with the key derived from this server's AUTH_PEPPER (derived once per pepper). */

let cachedKey: { pepper: string; key: Buffer } | undefined;
function key(): Buffer {
  const pepper = env().AUTH_PEPPER;
  if (cachedKey?.pepper !== pepper) cachedKey = { pepper, key: secretBoxKey(pepper) };
  return cachedKey.key;
}

export const seal = (plaintext: string, context: string) => sealWith(key(), plaintext, context);

/** Throws when the box was tampered with, belongs to another context or another key. */
export const open = (sealed: string, context: string) => openWith(key(), sealed, context);
